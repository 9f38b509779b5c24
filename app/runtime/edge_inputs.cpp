#include "app/runtime/edge_inputs.h"

#include "session/model_setup.h"

#include "core/data/image_decoder.h"
#include "core/data/preprocess_spec.h"
#include "core/io/tensor_io.h"

#include <QFileInfo>

namespace autosplit::runtime {

namespace {

bool isTensorFile(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("npy") || suffix == QLatin1String("pb");
}

} // namespace

Result<TensorMap> loadEdgeInputs(const QStringList& specs, const bundle::Manifest& manifest,
                                 const Graph& edgeModel) {
    TensorMap inputs;
    std::vector<std::string> names;
    for (ValueId id : edgeModel.inputs())
        names.push_back(edgeModel.value(id).name);
    for (const QString& spec : specs) {
        QString name, path = spec;
        const int eq = spec.indexOf(QLatin1Char('='));
        if (eq > 0) {
            name = spec.left(eq);
            path = spec.mid(eq + 1);
        } else if (names.size() == 1) {
            name = QString::fromStdString(names.front());
        } else {
            return Error{"--input '" + spec.toStdString() +
                             "': the edge model has several inputs; give NAME=FILE",
                         ErrorKind::Usage};
        }
        const std::string key = name.toStdString();
        const ValueId id = edgeModel.findValue(key);
        if (id == kNone || !edgeModel.value(id).isGraphInput)
            return Error{"--input '" + spec.toStdString() + "': the edge model has no input '" +
                             key + "'",
                         ErrorKind::Usage};
        if (inputs.count(key))
            return Error{"--input: '" + key + "' is given twice", ErrorKind::Usage};
        if (isTensorFile(path)) {
            auto t = readTensorFile(path.toStdString());
            if (!t)
                return t.error();
            inputs[key] = std::move(t->tensor);
            continue;
        }
        auto image = decodeImageFile(path.toStdString());
        if (!image)
            return image.error();
        Result<PreprocessSpec> spec2 =
            manifest.preprocessing().empty()
                ? Result<PreprocessSpec>(session::defaultPreprocessSpec(edgeModel))
                : parsePreprocessSpec(manifest.preprocessing());
        if (!spec2)
            return spec2.error().prefixed("the bundle's preprocessing: ");
        auto tensor = preprocessImage(*image, *spec2);
        if (!tensor)
            return tensor.error().prefixed(path.toStdString() + ": ");
        inputs[key] = std::move(tensor).value();
    }
    for (const std::string& n : names)
        if (!inputs.count(n))
            return Error{"the edge model's input '" + n + "' is not given (--input " + n + "=FILE)",
                         ErrorKind::Usage};
    return inputs;
}

} // namespace autosplit::runtime
