// How the command line writes reports (app/cli/units.*, app/cli/text_table.*): one unit style for
// sizes, counts with their plurals, wrapped text and tables that keep to the report width.

#include "app/cli/text_table.h"
#include "app/cli/units.h"

#include <QtTest>

using namespace autosplit::cli;

class TestCliReportText : public QObject {
    Q_OBJECT

private slots:
    void sizes_data();
    void sizes();
    void exactSizes();
    void countsAndPlurals();
    void durations();
    void wrapKeepsEveryCharacter();
    void tableFitsTheWidth();
    void narrowTableIsUnchanged();
};

void TestCliReportText::sizes_data() {
    QTest::addColumn<double>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("bytes") << 768.0 << QStringLiteral("768 B");
    QTest::newRow("one byte") << 1.0 << QStringLiteral("1 B");
    QTest::newRow("1023 B") << 1023.0 << QStringLiteral("1023 B");
    QTest::newRow("KiB") << 2048.0 << QStringLiteral("2.00 KiB");
    QTest::newRow("KiB 3 digits") << 802816.0 << QStringLiteral("784 KiB");
    QTest::newRow("just under MiB") << 1048575.0 << QStringLiteral("1.00 MiB");
    QTest::newRow("MiB") << 27336808.0 << QStringLiteral("26.1 MiB");
    QTest::newRow("4 MiB") << 4194304.0 << QStringLiteral("4.00 MiB");
    QTest::newRow("GiB") << 16.0 * 1024 * 1024 * 1024 << QStringLiteral("16.0 GiB");
}

void TestCliReportText::sizes() {
    QFETCH(double, bytes);
    QFETCH(QString, text);
    QCOMPARE(bytesText(bytes), text);
}

void TestCliReportText::exactSizes() {
    // the exact count only where the rounded figure is not exact
    QCOMPARE(exactBytesText(27336808), QStringLiteral("26.1 MiB (27,336,808 B)"));
    QCOMPARE(exactBytesText(4194304), QStringLiteral("4.00 MiB"));
    QCOMPARE(exactBytesText(3 * 1024), QStringLiteral("3.00 KiB"));
    QCOMPARE(exactBytesText(768), QStringLiteral("768 B"));
    QCOMPARE(exactBytesText(3664), QStringLiteral("3.58 KiB (3,664 B)"));
}

void TestCliReportText::countsAndPlurals() {
    QCOMPARE(countOf(1, "candidate", "candidates"), QStringLiteral("1 candidate"));
    QCOMPARE(countOf(0, "candidate", "candidates"), QStringLiteral("0 candidates"));
    QCOMPARE(countOf(1234, "sample", "samples"), QStringLiteral("1,234 samples"));
    QCOMPARE(countText(224), QStringLiteral("224"));
    QCOMPARE(countText(55296), QStringLiteral("55.3k"));
    QCOMPARE(countText(115605504), QStringLiteral("116M"));
    QCOMPARE(countText(999999), QStringLiteral("1.00M"));
    QCOMPARE(countText(4100000000LL), QStringLiteral("4.10G"));
    QCOMPARE(groupDigits(-1234567), QStringLiteral("-1,234,567"));
}

void TestCliReportText::durations() {
    QCOMPARE(durationText(0.85), QStringLiteral("850 ms"));
    QCOMPARE(durationText(12.44), QStringLiteral("12.4 s"));
    QCOMPARE(durationText(185.2), QStringLiteral("3 min 05 s"));
}

void TestCliReportText::wrapKeepsEveryCharacter() {
    const QString name = QStringLiteral("resnetv17_stage1_conv0_fwd_and_a_long_tail_of_words");
    const QStringList pieces = wrapPieces(name, 12);
    QVERIFY(pieces.size() > 1);
    for (const QString& p : pieces)
        QVERIFY2(p.size() <= 12, qPrintable(p));
    QCOMPARE(pieces.join(QString()), name);
    // breaks after a separator where there is one
    QCOMPARE(pieces.first(), QStringLiteral("resnetv17_"));
    // prose drops the spaces it breaks at; continuation lines are indented
    const QString text = wrapText(QStringLiteral("warning: ") + QString(30, QLatin1Char('a')) +
                                      QStringLiteral(" ") + QString(30, QLatin1Char('b')),
                                  50, 9);
    QCOMPARE(text, QStringLiteral("warning: ") + QString(30, QLatin1Char('a')) +
                       QStringLiteral("\n         ") + QString(30, QLatin1Char('b')) +
                       QLatin1Char('\n'));
}

void TestCliReportText::tableFitsTheWidth() {
    TextTable table;
    table.addColumn(QStringLiteral("#"), TextTable::Align::Right);
    table.addColumn(QStringLiteral("layer"), TextTable::Align::Left, true, 10);
    table.addColumn(QStringLiteral("value"), TextTable::Align::Right);
    table.setMaxWidth(40);
    const QString longName = QStringLiteral("a_very_long_layer_name_that_cannot_fit_in_forty");
    table.addRow({QStringLiteral("1"), longName, QStringLiteral("12.3")});
    table.addRow({QStringLiteral("2"), QStringLiteral("short"), QStringLiteral("4.5")});
    const QStringList lines = table.toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QString joined;
    for (const QString& line : lines) {
        QVERIFY2(line.size() <= 40, qPrintable(line));
        if (line.startsWith(QLatin1Char(' ')) || line.startsWith(QLatin1Char('1')))
            joined += line.mid(3, 30).trimmed();
    }
    // the name is all there, in order, over its continuation lines
    QCOMPARE(joined, longName);
    // the value stays on the row's first line
    QVERIFY(lines[2].endsWith(QStringLiteral("12.3")));
}

void TestCliReportText::narrowTableIsUnchanged() {
    TextTable table;
    table.addColumn(QStringLiteral("name"), TextTable::Align::Left, true);
    table.addColumn(QStringLiteral("n"), TextTable::Align::Right);
    table.addRow({QStringLiteral("alpha"), QStringLiteral("1")});
    QCOMPARE(table.toString(), QStringLiteral("name   n\n-----  -\nalpha  1\n"));
}

QTEST_GUILESS_MAIN(TestCliReportText)
#include "test_cli_report_text.moc"
