// File > Export Report, offscreen, on the embedded classifier once its drops are measured: the
// HTML names the model, its hash, the shown split and every baseline and embeds its three
// pictures; the PDF is a real document of more than one page; an unwritable path is one error
// naming the file and leaves nothing behind.

#include "tests/support/classifier_sample.h"
#include "widgets/engine/engine.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/graph/graph_view.h"
#include "widgets/main_window.h"
#include "widgets/report/report_builder.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QTimer>
#include <QtTest>

using namespace autosplit;

namespace {

constexpr int kTimeoutMs = 60000;

QByteArray readBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Answers the next file dialog with `path`, as a user typing it and pressing Save would.
void answerSaveDialog(const QString& path) {
    auto* timer = new QTimer;
    auto tries = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, [timer, tries, path] {
        if (auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget())) {
            if (auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit")))
                name->setText(path);
            else
                dialog->selectFile(path);
            static_cast<QDialog*>(dialog)->accept();
            timer->deleteLater();
        } else if (++*tries > 500) {
            qWarning("no file dialog came up");
            timer->deleteLater();
        }
    });
    timer->start(10);
}

} // namespace

class TestReportExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void exportsHtmlAndPdf();

private:
    QTemporaryDir m_settingsDir;
};

void TestReportExport::initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QCoreApplication::setOrganizationName(QStringLiteral("autosplit-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_report_export"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings().clear();
}

void TestReportExport::exportsHtmlAndPdf() {
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QSignalSpy shown(&window, &MainWindow::modelShown);
    QSignalSpy laidOut(window.graphView(), &GraphView::layoutReady);
    window.openSample(test::kClassifierId);
    QVERIFY(shown.wait(kTimeoutMs));
    SolveEngine* solver = window.engine()->solveEngine();
    QVERIFY(QTest::qWaitFor([&] { return window.currentSolution() && !solver->isBusy(); },
                            10 * kTimeoutMs));
    QVERIFY(laidOut.count() > 0 || laidOut.wait(kTimeoutMs));
    QVERIFY(window.action(QStringLiteral("exportReportAction"))->isEnabled());
    const SolutionSetPtr set = window.currentSolution();
    const Candidate& selected = set->selectedCandidate();
    const int layers = window.currentModel()->analysis.layerCount();

    // what the report is made of: the shown solution and three pictures
    const ReportContent content = window.reportContent();
    QVERIFY(!content.paretoChart.isNull());
    QVERIFY(!content.breakdownChart.isNull());
    QVERIFY(!content.graphAroundCut.isNull());
    QVERIFY(content.dropsMeasured);

    QTemporaryDir out;
    const QString htmlPath = out.filePath(QStringLiteral("report.html"));
    const Status html = window.exportReportTo(htmlPath);
    QVERIFY2(html, html ? "" : html.error().message.c_str());
    const QString text = QString::fromUtf8(readBytes(htmlPath));
    QVERIFY(text.startsWith(QStringLiteral("<!DOCTYPE html>")));
    QVERIFY(text.contains(window.currentModel()->displayName));
    QVERIFY(text.contains(QString::fromLatin1(window.currentModel()->sha256())));
    const QString split = selected.edgeLayerCount() == 0 ? QStringLiteral("Cloud-Only")
                          : selected.edgeLayerCount() >= layers
                              ? QStringLiteral("Edge-Only")
                              : QStringLiteral("split after layer %1").arg(selected.split);
    QVERIFY2(text.contains(QStringLiteral("<b>%1</b>").arg(split)), qPrintable(split));
    QVERIFY(!set->baselines.empty());
    for (const Baseline& b : set->baselines)
        QVERIFY2(text.contains(QString::fromStdString(b.name).toHtmlEscaped()), b.name.c_str());
    // three pictures, embedded: the page needs no other file
    QCOMPARE(text.count(QStringLiteral("src=\"data:image/png;base64,")), 3);
    QVERIFY(!text.contains(QStringLiteral("src=\"report:")));
    // each picture decodes as the PNG it claims to be
    static const QRegularExpression image(
        QStringLiteral("data:image/png;base64,([A-Za-z0-9+/=]+)"));
    for (auto it = image.globalMatch(text); it.hasNext();) {
        const QImage decoded =
            QImage::fromData(QByteArray::fromBase64(it.next().captured(1).toLatin1()), "PNG");
        QVERIFY(!decoded.isNull() && decoded.width() > 100);
    }
    QVERIFY(text.contains(QStringLiteral("Assumptions")));

    // the PDF, through the menu as a user exports it
    const QString pdfPath = out.filePath(QStringLiteral("report.pdf"));
    answerSaveDialog(pdfPath);
    window.action(QStringLiteral("exportReportAction"))->trigger();
    if (auto* box = window.findChild<QMessageBox*>(QStringLiteral("exportErrorBox")))
        QFAIL(qPrintable(box->text()));
    const QByteArray pdf = readBytes(pdfPath);
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY2(pdf.size() > 50000, QByteArray::number(pdf.size()).constData());
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page[^s]"));
    const qsizetype pages = QString::fromLatin1(pdf).count(page);
    QVERIFY2(pages > 1, QByteArray::number(pages).constData());
    // the PDF's text is the HTML's: the same document laid out
    QTextDocument plain;
    plain.setHtml(window.reportContent().model ? ReportBuilder(window.reportContent()).html()
                                               : QString());
    QVERIFY(plain.toPlainText().contains(split));

    // an unwritable path: one clear error naming the file, nothing left behind
    const QString blocked = out.filePath(QStringLiteral("no-such-folder/report.pdf"));
    const Status refused = window.exportReportTo(blocked);
    QVERIFY(!refused);
    QVERIFY2(refused.error().message.find("report.pdf") != std::string::npos,
             refused.error().message.c_str());
    QVERIFY(refused.error().message.find('\n') == std::string::npos);
    QVERIFY(!QFileInfo::exists(blocked));
    QVERIFY(!QFileInfo::exists(out.filePath(QStringLiteral("no-such-folder"))));
    // an existing report is replaced whole or not at all
    const Status htmlRefused =
        window.exportReportTo(out.filePath(QStringLiteral("no-such-folder/report.html")));
    QVERIFY(!htmlRefused);
    QCOMPARE(QDir(out.path()).entryList(QDir::Files).size(), 2);
}

QTEST_MAIN(TestReportExport)
#include "test_report_export.moc"
