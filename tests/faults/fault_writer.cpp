// The child the killed-writes suite kills: writes versions FIRST, FIRST+1, ... of one kind of
// user file into DIR for ever (or once, with --once), saying on stdout "ready" when it starts and
// "begin N" / "done N" around each write, unbuffered, so that what it said is what it did.

#include "tests/faults/versioned_writes.h"

#include <QApplication>
#include <QStringList>

#include <cstdio>
#include <string>
#include <unistd.h>

namespace {

void say(const std::string& line) {
    const std::string text = line + "\n";
    (void)!::write(STDOUT_FILENO, text.data(), text.size());
}

} // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    // the explorer's names: its settings file is the one written
    QCoreApplication::setOrganizationName(QStringLiteral("autosplit"));
    QCoreApplication::setApplicationName(QStringLiteral("autosplit-explorer"));
    QStringList args = QCoreApplication::arguments().mid(1);
    const bool once = args.removeAll(QStringLiteral("--once")) > 0;
    const auto kind = args.size() == 3 ? autosplit::testing::kindNamed(args[0]) : std::nullopt;
    bool ok = false;
    const int first = args.size() == 3 ? args[2].toInt(&ok) : 0;
    if (!kind || !ok) {
        std::fputs("usage: fault_writer bundle|calibration-cache|settings|csv|png DIR FIRST "
                   "[--once]\n",
                   stderr);
        return 2;
    }
    say("ready");
    for (int v = first;; ++v) {
        say("begin " + std::to_string(v));
        if (auto s = autosplit::testing::writeVersion(*kind, args[1], v); !s) {
            std::fprintf(stderr, "fault_writer: %s\n", s.error().message.c_str());
            return 1;
        }
        say("done " + std::to_string(v));
        if (once)
            return 0;
    }
}
