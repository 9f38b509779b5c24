// `autosplit-edge`: runs the edge half of a deployment bundle on inputs from files, sends the
// crossing tensors (packed codes) to a cloud serving the bundle over the Open Inference Protocol,
// and prints the cloud's outputs with the measured edge, transmission and cloud times beside the
// bundle's predictions.

#include "app/cli/cli_error.h"
#include "app/cli/units.h"
#include "app/runtime/edge_inputs.h"

#include "core/bundle/bundle_reader.h"
#include "core/bundle/bundle_writer.h"
#include "core/deploy/bundle_runners.h"
#include "core/deploy/cloud_client.h"
#include "core/deploy/inference_messages.h"
#include "core/io/tensor_io.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>
#include <QTextStream>

#include <algorithm>
#include <chrono>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

QString describe(const autosplit::HostTensor& t) {
    using namespace autosplit;
    QString s = QString::fromStdString(TensorShape::of(t.dims()).toString()) + QStringLiteral(" ") +
                QString::fromLatin1(nameOf(t.dtype()).data());
    if (t.dtype() == DataType::Float && t.elementCount() > 0) {
        const auto v = t.span<float>();
        const auto best = std::max_element(v.begin(), v.end()) - v.begin();
        s += QStringLiteral(": argmax %1 (%2)").arg(best).arg(v[static_cast<size_t>(best)]);
        s += QStringLiteral(", first");
        for (size_t i = 0; i < std::min<size_t>(4, v.size()); ++i)
            s += QStringLiteral(" %1").arg(v[i], 0, 'g', 5);
    }
    return s;
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("autosplit-edge"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AUTOSPLIT_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    using namespace autosplit;
    using namespace autosplit::cli;

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run the edge half of a deployment bundle on inputs, send what crosses to the cloud "
        "(Open Inference Protocol, KServe v2 gRPC) and print the result with measured and "
        "predicted times."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption bundleOption(
        QStringLiteral("bundle"), QStringLiteral("The bundle folder."), QStringLiteral("DIR"));
    const QCommandLineOption connect(QStringLiteral("connect"),
                                     QStringLiteral("The cloud's address, e.g. 10.0.0.2:8001."),
                                     QStringLiteral("HOST:PORT"));
    const QCommandLineOption input(
        QStringLiteral("input"),
        QStringLiteral("An input: NAME=FILE, or FILE for a one-input model. Images (PNG, JPEG) "
                       "go through the bundle's preprocessing; .npy and .pb (TensorProto) as "
                       "they are. Repeat for several inputs."),
        QStringLiteral("NAME=FILE"));
    const QCommandLineOption wire(
        QStringLiteral("wire"),
        QStringLiteral("packed (default: codes below 8 bits packed, for autosplit-cloud) or codes "
                       "(one uint8 per element, for a stock server such as Triton)."),
        QStringLiteral("MODE"), QStringLiteral("packed"));
    const QCommandLineOption uplink(
        QStringLiteral("uplink"),
        QStringLiteral("Emulate a slower uplink, e.g. 3Mbps: each request waits as long as its "
                       "bytes take at this rate before it is sent."),
        QStringLiteral("RATE"));
    const QCommandLineOption repeat(QStringLiteral("repeat"),
                                    QStringLiteral("Run N inferences and report medians."),
                                    QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption deadline(QStringLiteral("deadline"),
                                      QStringLiteral("Give up on an answer after this long "
                                                     "(default 30s)."),
                                      QStringLiteral("TIME"), QStringLiteral("30s"));
    const QCommandLineOption outDir(QStringLiteral("out"),
                                    QStringLiteral("Write the outputs as TensorProto .pb files "
                                                   "into this folder."),
                                    QStringLiteral("DIR"));
    parser.addOptions({bundleOption, connect, input, wire, uplink, repeat, deadline, outDir});
    if (!parser.parse(QCoreApplication::arguments()))
        return fail(err, usageError(parser.errorText()));
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        out << "autosplit-edge " << AUTOSPLIT_VERSION << '\n';
        return 0;
    }
    if (!parser.isSet(bundleOption) || !parser.isSet(connect) || !parser.isSet(input))
        return fail(err, usageError(QStringLiteral(
                             "give --bundle DIR, --connect HOST:PORT and --input NAME=FILE")));
    RequestOptions request;
    if (parser.value(wire) == QLatin1String("codes"))
        request.mode = WireMode::Codes;
    else if (parser.value(wire) != QLatin1String("packed"))
        return fail(
            err,
            usageError(
                QStringLiteral("--wire '%1': expected packed or codes").arg(parser.value(wire))));
    std::optional<double> rate;
    if (parser.isSet(uplink)) {
        rate = parseBitsPerSecond(parser.value(uplink));
        if (!rate)
            return fail(err, usageError(QStringLiteral("--uplink '%1': expected a rate like 3Mbps")
                                            .arg(parser.value(uplink))));
    }
    bool ok = false;
    const int repeats = parser.value(repeat).toInt(&ok);
    if (!ok || repeats < 1)
        return fail(
            err, usageError(
                     QStringLiteral("--repeat '%1': expected a count").arg(parser.value(repeat))));
    const auto limit = parseSeconds(parser.value(deadline));
    if (!limit || *limit <= 0)
        return fail(err, usageError(QStringLiteral("--deadline '%1': expected a time like 30s")
                                        .arg(parser.value(deadline))));

    BundleReadOptions read;
    read.cloud = false;
    auto bundle = readBundle(parser.value(bundleOption).toStdString(), read);
    if (!bundle)
        return fail(err, bundle.error());
    const bundle::Manifest& manifest = bundle->manifest;
    auto edge = BundleHalf::open(*bundle, kEdgeModelFile);
    if (!edge)
        return fail(err, edge.error());
    auto inputs = runtime::loadEdgeInputs(parser.values(input), manifest, edge->graph());
    if (!inputs)
        return fail(err, inputs.error());
    auto client = CloudClient::connect(parser.value(connect).toStdString());
    if (auto live = client->waitLive(std::chrono::milliseconds(5000)); !live)
        return fail(err, live.error());

    std::vector<double> edgeTimes, sendTimes, cloudTimes, totals;
    int64_t bytes = 0;
    DecodedResponse last;
    for (int r = 0; r < repeats; ++r) {
        const auto start = Clock::now();
        auto sent = edge->run(*inputs);
        if (!sent)
            return fail(err, sent.error());
        const double edgeSeconds = secondsSince(start);
        request.frame = r + 1;
        auto message = encodeInferRequest(manifest, *sent, request);
        if (!message)
            return fail(err, message.error());
        bytes = static_cast<int64_t>(message->ByteSizeLong());
        double paced = 0.0;
        if (rate) {
            paced = static_cast<double>(bytes) * 8.0 / *rate;
            std::this_thread::sleep_for(std::chrono::duration<double>(paced));
        }
        const auto sendStart = Clock::now();
        auto response = client->infer(
            *message, std::chrono::milliseconds(static_cast<int64_t>(*limit * 1000.0)));
        if (!response)
            return fail(err, response.error());
        const double roundTrip = secondsSince(sendStart);
        auto decoded = decodeInferResponse(*response);
        if (!decoded)
            return fail(err, decoded.error().prefixed("the cloud's answer: "));
        const double cloudSeconds = decoded->cloudSeconds.value_or(0.0);
        edgeTimes.push_back(edgeSeconds);
        cloudTimes.push_back(cloudSeconds);
        sendTimes.push_back(paced + std::max(0.0, roundTrip - cloudSeconds));
        totals.push_back(secondsSince(start));
        for (const auto& t : manifest.edge_outputs())
            decoded->outputs[t.name()] = sent->at(t.name());
        last = std::move(decoded).value();
    }

    for (const auto& [name, t] : last.outputs)
        out << QString::fromStdString(name) << ": " << describe(t) << '\n';
    if (parser.isSet(outDir)) {
        const QString dir = parser.value(outDir);
        QDir().mkpath(dir);
        for (const auto& [name, t] : last.outputs) {
            QString file = QString::fromStdString(name);
            file.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")),
                         QStringLiteral("_"));
            const QString path = dir + QLatin1Char('/') + file + QStringLiteral(".pb");
            if (auto s = writeTensorProtoFile(path.toStdString(), name, t); !s)
                return fail(err, s.error());
        }
    }
    const auto& p = manifest.prediction();
    out << "sent " << bytes << " bytes per inference ("
        << (request.mode == WireMode::Packed ? "packed" : "unpacked") << " codes"
        << (rate ? QStringLiteral(", paced to ") + rateText(*rate) : QString()) << ")\n";
    out << QStringLiteral("%1 %2 %3\n")
               .arg(QStringLiteral("time (ms)"), -14)
               .arg(repeats > 1 ? QStringLiteral("measured (median of %1)").arg(repeats)
                                : QStringLiteral("measured"),
                    -26)
               .arg(QStringLiteral("predicted"));
    auto row = [&](const char* label, double measured, double predicted) {
        out << QStringLiteral("%1 %2 %3\n")
                   .arg(QString::fromLatin1(label), -14)
                   .arg(msText(measured), -26)
                   .arg(msText(predicted));
    };
    row("edge", median(edgeTimes), p.edge_seconds());
    row("transmission", median(sendTimes), p.transmission_seconds());
    row("cloud", median(cloudTimes), p.cloud_seconds());
    row("total", median(totals), p.total_seconds());
    return 0;
}
