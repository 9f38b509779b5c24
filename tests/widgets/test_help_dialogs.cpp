// Help > User Guide shows the shipped guide with its contents, links between sections that
// scroll, and a search; Help > Keyboard Shortcuts lists exactly the main window's actions that
// have a shortcut, read from the actions themselves.

#include "widgets/help/shortcut_list_dialog.h"
#include "widgets/help/user_guide_dialog.h"
#include "widgets/main_window.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLineEdit>
#include <QMenuBar>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTreeWidget>
#include <QtTest>

using namespace autosplit;

namespace {

// The guide as shipped, to compare the dialog with.
QString guideText() {
    QFile file(QString::fromLatin1(UserGuideDialog::kUserGuidePath));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

class TestHelpDialogs : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    }
    void guideHasItsSections();
    void guideLinksReachTheirSections();
    void guideSearchFindsAndWraps();
    void slugsAreGitHubs();
    void shortcutListIsTheActions();
    void plainTextDropsMarks();
    void helpMenuOpensTheGuide();

private:
    QTemporaryDir m_settings;
};

void TestHelpDialogs::guideHasItsSections() {
    const QString markdown = guideText();
    QVERIFY2(markdown.size() > 5000, "the guide is missing or a stub");
    UserGuideDialog dialog;
    // One anchor per heading of the Markdown (lines starting with '#', outside code blocks).
    int headings = 0;
    bool code = false;
    for (const QString& line : markdown.split(QLatin1Char('\n'))) {
        if (line.startsWith(QStringLiteral("```")))
            code = !code;
        else if (!code && line.startsWith(QLatin1Char('#')))
            ++headings;
    }
    QCOMPARE(dialog.sectionAnchors().size(), headings);
    for (const char* section : {"glossary", "keyboard-shortcuts", "the-pareto-chart",
                                "the-constraint-panel", "exporting", "the-command-line"})
        QVERIFY2(dialog.sectionAnchors().contains(QLatin1String(section)), section);
    QVERIFY(dialog.contents()->topLevelItemCount() >= 1);
    QVERIFY(dialog.browser()->toPlainText().contains(QStringLiteral("Neurosurgeon")));
}

// Every in-guide link names an existing section, and following one scrolls there.
void TestHelpDialogs::guideLinksReachTheirSections() {
    UserGuideDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    static const QRegularExpression link(QStringLiteral("\\]\\(#([^)]+)\\)"));
    int links = 0;
    for (auto it = link.globalMatch(guideText()); it.hasNext();) {
        const QString anchor = it.next().captured(1);
        QVERIFY2(dialog.sectionAnchors().contains(anchor), qPrintable(anchor));
        ++links;
    }
    QVERIFY2(links >= 5, "the guide links its sections");

    QScrollBar* bar = dialog.browser()->verticalScrollBar();
    bar->setValue(0);
    emit dialog.browser()->anchorClicked(QUrl(QStringLiteral("#glossary")));
    QVERIFY2(bar->value() > 0, "the glossary is further down");
    // The heading is at the top of the view.
    const QPoint top = dialog.browser()->viewport()->rect().topLeft() + QPoint(5, 5);
    const QTextCursor at = dialog.browser()->cursorForPosition(top);
    QVERIFY2(at.block().text().contains(QStringLiteral("Glossary")), qPrintable(at.block().text()));
    const int glossary = bar->value();
    QVERIFY(dialog.showSection(dialog.sectionAnchors().first()));
    QVERIFY(bar->value() < glossary);
    QVERIFY(!dialog.showSection(QStringLiteral("no-such-section")));
}

void TestHelpDialogs::guideSearchFindsAndWraps() {
    UserGuideDialog dialog;
    QVERIFY(dialog.find(QStringLiteral("crossing tensor")));
    const int first = dialog.browser()->textCursor().position();
    QVERIFY(dialog.browser()->textCursor().selectedText().compare(QStringLiteral("crossing tensor"),
                                                                  Qt::CaseInsensitive) == 0);
    // Again and again: later matches, then back to the first.
    int position = first;
    bool wrapped = false;
    for (int i = 0; i < 200 && !wrapped; ++i) {
        QVERIFY(dialog.find(QStringLiteral("crossing tensor")));
        const int next = dialog.browser()->textCursor().position();
        wrapped = next <= position;
        position = next;
    }
    QVERIFY(wrapped);
    QCOMPARE(position, first);
    QVERIFY(!dialog.find(QStringLiteral("zzqx no such words")));
}

void TestHelpDialogs::slugsAreGitHubs() {
    QCOMPARE(UserGuideDialog::slugFor(QStringLiteral("The Pareto chart")),
             QStringLiteral("the-pareto-chart"));
    QCOMPARE(UserGuideDialog::slugFor(QStringLiteral("Baselines: DADS/QDMP, Li et al.")),
             QStringLiteral("baselines-dadsqdmp-li-et-al"));
    QCOMPARE(UserGuideDialog::slugFor(QStringLiteral("E (error proxy)")),
             QStringLiteral("e-error-proxy"));
}

// Each action of the window with a shortcut is listed once, with its text and shortcut, and
// nothing else is.
void TestHelpDialogs::shortcutListIsTheActions() {
    MainWindow window;
    ShortcutListDialog dialog(&window);
    QTableWidget* table = dialog.table();
    QHash<QString, QString> listed; // action -> shortcut
    for (int row = 0; row < table->rowCount(); ++row) {
        const QString action = table->item(row, 1)->text();
        QVERIFY2(!listed.contains(action), qPrintable(action));
        listed.insert(action, table->item(row, 2)->text());
    }
    int withShortcut = 0;
    for (QAction* action : window.findChildren<QAction*>()) {
        if (action->shortcuts().isEmpty())
            continue;
        ++withShortcut;
        const QString text = ShortcutListDialog::plainText(action->text());
        QVERIFY2(listed.contains(text), qPrintable(text));
        QStringList keys;
        for (const QKeySequence& key : action->shortcuts())
            keys << key.toString(QKeySequence::NativeText);
        QCOMPARE(listed.value(text), keys.join(QStringLiteral(", ")));
    }
    QCOMPARE(table->rowCount(), withShortcut);
    QVERIFY(withShortcut >= 15);
    QCOMPARE(listed.value(QStringLiteral("User Guide")),
             QKeySequence(QKeySequence::HelpContents).toString(QKeySequence::NativeText));
    // A shortcut added at run time is listed the next time the dialog opens.
    auto* extra = new QAction(QStringLiteral("&Extra Thing…"), &window);
    extra->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    const auto entries = ShortcutListDialog::entriesFor(window);
    QVERIFY(std::any_of(entries.begin(), entries.end(), [](const auto& e) {
        return e.action == QLatin1String("Extra Thing") && e.menu.isEmpty();
    }));
    // Menu entries name their menu.
    QVERIFY(std::any_of(entries.begin(), entries.end(), [](const auto& e) {
        return e.action == QLatin1String("Zoom In") && e.menu == QLatin1String("View");
    }));
}

void TestHelpDialogs::plainTextDropsMarks() {
    QCOMPARE(ShortcutListDialog::plainText(QStringLiteral("&Open…")), QStringLiteral("Open"));
    QCOMPARE(ShortcutListDialog::plainText(QStringLiteral("Save && &Quit...")),
             QStringLiteral("Save & Quit"));
    QCOMPARE(ShortcutListDialog::plainText(QStringLiteral("文件(&F)")), QStringLiteral("文件"));
    QCOMPARE(ShortcutListDialog::plainText(QStringLiteral("打开(&O)…")), QStringLiteral("打开"));
}

void TestHelpDialogs::helpMenuOpensTheGuide() {
    MainWindow window;
    QAction* guide = window.action(QStringLiteral("userGuideAction"));
    QVERIFY(guide);
    QCOMPARE(guide->shortcut(), QKeySequence(QKeySequence::HelpContents));
    QMenu* help = window.menuBar()->actions().last()->menu();
    QVERIFY(help->actions().contains(guide));
    QVERIFY(help->actions().contains(window.action(QStringLiteral("shortcutsAction"))));
    guide->trigger();
    auto* dialog = window.findChild<UserGuideDialog*>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    guide->trigger(); // the same dialog again, not a second one
    QCOMPARE(window.findChildren<UserGuideDialog*>().size(), 1);
    window.action(QStringLiteral("shortcutsAction"))->trigger();
    auto* shortcuts = window.findChild<ShortcutListDialog*>();
    QVERIFY(shortcuts);
    QVERIFY(shortcuts->isVisible());
    QVERIFY(shortcuts->table()->rowCount() > 0);
}

QTEST_MAIN(TestHelpDialogs)
#include "test_help_dialogs.moc"
