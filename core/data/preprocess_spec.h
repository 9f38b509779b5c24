#pragma once

// How an image becomes a model input: resize, channel order, scaling, mean/std, layout.
//
// Written as a compact string of comma-separated items (or the same items as a list), e.g.
// PaddleOCR's text-direction classifier:
//   "resize=48x192,keep-aspect,pad,order=bgr,scale=1/255,mean=0.5,std=0.5"
// and torchvision's ImageNet models:
//   "resize=224x224,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225"
// Items (each at most once):
//   resize=HxW     bilinear resize to H rows by W columns (half-pixel centres, edge clamped:
//                  OpenCV's INTER_LINEAR); absent = keep the image's size
//   keep-aspect    with resize: the height becomes H and the width follows the aspect ratio,
//                  ceil(H * w / h), capped at W (a wider image is squeezed to W), as PaddleOCR
//                  does for text lines
//   pad            with keep-aspect: the output is W wide, the columns right of the resized
//                  image are 0 (after normalisation, as PaddleOCR does); without pad the
//                  output is as wide as the resized image
//   layout=nchw|nhwc  output tensor [1, C, H, W] (default) or [1, H, W, C]
//   order=rgb|bgr  channel order of the output (default rgb; OpenCV-based pipelines use bgr)
//   channels=3|1   1 = grey, luma 0.299 R + 0.587 G + 0.114 B (default 3)
//   scale=S        S as a decimal or a fraction (1/255); default 1
//   mean=M[,M,M]   subtracted after scaling, per output channel in output order; one value
//                  applies to all channels; default 0
//   std=D[,D,D]    divided by after the mean; default 1
// value = (pixel * scale - mean[c]) / std[c], pixel in 0..255, computed in float after the
// resize (which works on the 8-bit pixels as floats, without rounding back to 8 bits).

#include "core/data/image_decoder.h"

#include "core/runtime/host_tensor.h"
#include "core/util/result.h"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace autosplit {

enum class TensorLayout { Nchw, Nhwc };
enum class ChannelOrder { Rgb, Bgr };

struct PreprocessSpec {
    int height = 0; // resize target; 0 = keep the image's size
    int width = 0;
    bool keepAspect = false;
    bool pad = false;
    TensorLayout layout = TensorLayout::Nchw;
    ChannelOrder order = ChannelOrder::Rgb;
    int channels = 3;
    float scale = 1.0f;
    std::array<float, 3> mean{0.0f, 0.0f, 0.0f};
    std::array<float, 3> std{1.0f, 1.0f, 1.0f};

    // Canonical text, parseable again (numbers in shortest round-trip form): stable for cache keys.
    std::string toString() const;
};

// Checks a spec built in code the way the parser checks text (sizes, channels, finite numbers,
// std != 0, keep-aspect needs resize, pad needs keep-aspect).
Status validatePreprocessSpec(const PreprocessSpec& spec);

// Parses the compact form; errors name the item and say what is wrong.
Result<PreprocessSpec> parsePreprocessSpec(std::string_view text);
// The same from separate items ("resize=48x192", "keep-aspect", "mean=0.5,0.5,0.5", ...).
Result<PreprocessSpec> parsePreprocessSpec(const std::vector<std::string>& items);

// The float32 input tensor of one image, [1, C, H, W] or [1, H, W, C].
Result<HostTensor> preprocessImage(const Image& image, const PreprocessSpec& spec);

// Where preprocessImage puts an image's content: a point (x, y) of an image of imageWidth x
// imageHeight pixels, in continuous pixel coordinates ((0, 0) the top-left corner of the top-left
// pixel, pixel (i, j) centred on (i + 0.5, j + 0.5)), lands at (x * x-scale, y * y-scale) of the
// tensor's rows and columns in the same convention. The bilinear resize maps centres to centres,
// so the scale is the resized size over the image's; padding is added on the right only and moves
// nothing; no resize is (1, 1). A text detector's truth boxes go through this.
struct InputScale {
    double x = 1.0;
    double y = 1.0;
};
Result<InputScale> inputScale(int imageWidth, int imageHeight, const PreprocessSpec& spec);

} // namespace autosplit
