#include "tests/support/synthetic_dag.h"

#include "tests/support/model_builder.h"

#include <algorithm>
#include <random>
#include <string>

namespace autosplit::testing {

onnx::ModelProto buildSyntheticDag(int layers, uint32_t seed) {
    ModelBuilder b(13, seed);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> pick(0, 9);
    const int target = std::max(layers, 8);
    int count = 0; // layers after optimization: Conv(+ReLU), Add, Concat, pooling, classifier

    std::string x = b.relu(b.conv(b.input("image", {1, 3, 64, 64}), 8, 3, 2));
    ++count;
    const int tail = 3; // GlobalAveragePool, Flatten, Gemm
    const int64_t channels[] = {8, 16, 16, 16};
    int stage = 0;
    std::string skip = x; // start of the current long skip
    int sinceSkip = 0;
    while (count < target - tail) {
        const int wantStage = std::min(3, 4 * count / (target - tail));
        if (wantStage > stage) {
            stage = wantStage;
            x = b.relu(b.conv(x, channels[stage], 3, 2)); // downsample
            ++count;
            skip = x;
            sinceSkip = 0;
            continue;
        }
        const int64_t c = channels[stage];
        const int kind = pick(rng);
        const int left = target - tail - count;
        if (kind < 5 && left >= 3) { // residual block: conv, conv, add
            std::string y = b.relu(b.conv(x, c, 3));
            y = b.conv(y, c, 3);
            x = b.relu(b.add(x, y));
            count += 3;
        } else if (kind < 7 && left >= 4) { // two branches joined by concat, then a 1x1 conv
            std::string p = b.relu(b.conv(x, c / 2, 1));
            std::string q = b.relu(b.conv(x, c / 2, 3));
            x = b.relu(b.conv(b.concat({p, q}), c, 1));
            count += 4;
        } else if (kind < 8 && sinceSkip >= 6) { // long skip closes
            x = b.add(x, skip);
            ++count;
            skip = x;
            sinceSkip = 0;
            continue;
        } else {
            x = b.relu(b.conv(x, c, 3));
            ++count;
        }
        ++sinceSkip;
    }
    x = b.gemm(b.flatten(b.globalAveragePool(x)), 10);
    b.output(x);
    return b.model();
}

} // namespace autosplit::testing
