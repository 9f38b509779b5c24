#pragma once

// The embedded text-direction classifier: the small, fast sample most GUI and engine tests open
// (the default sample, the text detector, takes far longer to calibrate).

#include "resources/embedded_resources.h"

#include <QString>

namespace autosplit::test {

inline const QString kClassifierId = QStringLiteral("text-direction");

inline const resources::EmbeddedSample& classifierSample() {
    return *resources::embeddedSample(kClassifierId);
}

} // namespace autosplit::test
