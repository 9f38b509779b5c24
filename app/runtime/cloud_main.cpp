// `autosplit-cloud`: serves the cloud half of a deployment bundle over the Open Inference
// Protocol (KServe v2 gRPC) until interrupted. At scale the same cloud.onnx goes to Triton or
// KServe through the bundle's triton/ repository instead; this is the server for one machine.

#include "app/cli/cli_error.h"
#include "app/cli/units.h"

#include "core/bundle/bundle_reader.h"
#include "core/deploy/cloud_server.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>
#include <utility>

namespace {

std::atomic<bool> g_stop{false};

void onSignal(int) {
    g_stop = true;
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("autosplit-cloud"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AUTOSPLIT_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    using namespace autosplit;
    using namespace autosplit::cli;

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Serve the cloud half of a deployment bundle (autosplit export) over the Open Inference "
        "Protocol (KServe v2 gRPC) until interrupted."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption bundleOption(
        QStringLiteral("bundle"), QStringLiteral("The bundle folder."), QStringLiteral("DIR"));
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        QStringLiteral("Address to serve on, e.g. 0.0.0.0:8001 (port 0: a free one). Default "
                       "127.0.0.1:8001."),
        QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:8001"));
    const QCommandLineOption maxMessage(
        QStringLiteral("max-message"),
        QStringLiteral("Largest request accepted, e.g. 64MB (default 256MB)."),
        QStringLiteral("SIZE"));
    const QCommandLineOption threads(
        QStringLiteral("threads"),
        QStringLiteral("Threads one inference may use (default: every core)."),
        QStringLiteral("N"));
    const QCommandLineOption receiveTimeout(
        QStringLiteral("receive-timeout"),
        QStringLiteral("Cut off a request that has not arrived whole after this long, e.g. 120s "
                       "(default 60s; raise it with the edge's --deadline for large requests on "
                       "slow uplinks)."),
        QStringLiteral("TIME"));
    const QCommandLineOption idleTimeout(
        QStringLiteral("idle-timeout"),
        QStringLiteral("Close a connection with no request open after this long (default 120s; "
                       "clients reconnect by themselves)."),
        QStringLiteral("TIME"));
    parser.addOptions({bundleOption, listen, maxMessage, threads, receiveTimeout, idleTimeout});
    if (!parser.parse(QCoreApplication::arguments()))
        return fail(err, usageError(parser.errorText()));
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        out << "autosplit-cloud " << AUTOSPLIT_VERSION << '\n';
        return 0;
    }
    if (!parser.isSet(bundleOption))
        return fail(err, usageError(QStringLiteral("give the bundle folder: --bundle DIR")));
    CloudServerOptions options;
    if (parser.isSet(maxMessage)) {
        const auto bytes = parseBytes(parser.value(maxMessage));
        if (!bytes || *bytes > 2.0e9)
            return fail(err, usageError(QStringLiteral("--max-message '%1': expected a size up "
                                                       "to 2GB")
                                            .arg(parser.value(maxMessage))));
        options.maxMessageBytes = static_cast<int64_t>(*bytes);
    }
    if (parser.isSet(threads)) {
        bool ok = false;
        options.executorThreads = parser.value(threads).toInt(&ok);
        if (!ok || options.executorThreads < 1)
            return fail(
                err,
                usageError(
                    QStringLiteral("--threads '%1': expected a count").arg(parser.value(threads))));
    }
    for (const auto& [option, into] : {std::pair{&receiveTimeout, &options.receiveTimeout},
                                       std::pair{&idleTimeout, &options.idleTimeout}}) {
        if (!parser.isSet(*option))
            continue;
        const auto seconds = parseSeconds(parser.value(*option));
        if (!seconds || *seconds < 0.001 || *seconds > 86400.0)
            return fail(err,
                        usageError(QStringLiteral("--%1 '%2': expected a time from 1ms to "
                                                  "24h, like 60s")
                                       .arg(option->names().constFirst(), parser.value(*option))));
        *into = std::chrono::milliseconds(static_cast<int64_t>(*seconds * 1000.0 + 0.5));
    }
    BundleReadOptions read;
    read.edge = false;
    auto bundle = readBundle(parser.value(bundleOption).toStdString(), read);
    if (!bundle)
        return fail(err, bundle.error());
    auto server = CloudServer::start(*bundle, parser.value(listen).toStdString(), options);
    if (!server)
        return fail(err, server.error());
    QString host = parser.value(listen).section(QLatin1Char(':'), 0, -2);
    out << "autosplit-cloud: serving "
        << QString::fromStdString(bundle->manifest.triton_model_name()) << " from "
        << parser.value(bundleOption) << "; listening on " << host << ':' << (*server)->port()
        << Qt::endl;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    while (!g_stop)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    (*server)->shutdown();
    out << "autosplit-cloud: stopped after " << (*server)->requestsServed() << " inferences ("
        << (*server)->requestsRefused() << " refused, " << (*server)->requestsTimedOut()
        << " cut off by the receive timeout)" << Qt::endl;
    return 0;
}
