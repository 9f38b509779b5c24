#pragma once

// The edge runtime's inputs from files: NAME=FILE pairs (or FILE alone for a one-input model),
// each an image (PNG/JPEG, through the bundle's preprocessing spec), a .npy array or an ONNX
// TensorProto (.pb), checked against the edge model's input. Errors name the file and the input.

#include "core/bundle/bundle_manifest.pb.h"
#include "core/deploy/bundle_runners.h"

#include "core/util/result.h"

#include <QStringList>

namespace autosplit::runtime {

Result<TensorMap> loadEdgeInputs(const QStringList& specs, const bundle::Manifest& manifest,
                                 const Graph& edgeModel);

} // namespace autosplit::runtime
