// The German and Simplified Chinese catalogues are complete: lupdate run over the sources into a
// copy of each committed .ts finds no message unfinished, empty, stale (vanished or obsolete) or
// with other placeholders than its source — so a new tr() string not yet translated fails here.
// The compiled catalogues translate known strings, the main window comes up in Chinese with every
// menu entry translated, and the language a user names is one the program has.

#include "widgets/main_window.h"
#include "widgets/translations.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QLibraryInfo>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

using namespace autosplit;

namespace {

const QStringList kLanguages{QStringLiteral("de"), QStringLiteral("zh_CN")};

QString committedTs(const QString& language) {
    return qEnvironmentVariable("AUTOSPLIT_SOURCE_DIR") +
           QStringLiteral("/translations/autosplit_%1.ts").arg(language);
}

// "%1", "%2", "%n" as a sorted set: a translation must use the same ones as its source.
QStringList placeholders(const QString& text) {
    QStringList found;
    static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
    for (auto it = re.globalMatch(text); it.hasNext();)
        found << it.next().captured();
    found.removeDuplicates();
    found.sort();
    return found;
}

bool hasCjk(const QString& text) {
    for (const QChar c : text)
        if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF)
            return true;
    return false;
}

void removeTranslators() {
    for (QTranslator* translator : qApp->findChildren<QTranslator*>()) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
}

// Every message of a .ts that is not a finished translation, one line each.
QStringList problemsIn(const QString& tsPath, int* messages) {
    QFile file(tsPath);
    if (!file.open(QIODevice::ReadOnly))
        return {tsPath + QStringLiteral(": cannot read")};
    QStringList problems;
    QXmlStreamReader xml(&file);
    QString context, source, type;
    QStringList forms;
    QString single;
    bool numerus = false;
    *messages = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("name"))
                context = xml.readElementText();
            else if (name == QLatin1String("message")) {
                numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
                source.clear();
                forms.clear();
                single.clear();
                type.clear();
            } else if (name == QLatin1String("source"))
                source = xml.readElementText();
            else if (name == QLatin1String("translation")) {
                type = xml.attributes().value(QLatin1String("type")).toString();
                if (!numerus)
                    single = xml.readElementText();
            } else if (name == QLatin1String("numerusform"))
                forms << xml.readElementText();
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            ++*messages;
            const QString where = context + QStringLiteral(": \"") + source + QStringLiteral("\"");
            if (!numerus)
                forms = {single};
            if (!type.isEmpty())
                problems << where + QStringLiteral(" is ") + type;
            else if (forms.isEmpty() || std::any_of(forms.begin(), forms.end(),
                                                    [](const QString& f) { return f.isEmpty(); }))
                problems << where + QStringLiteral(" has an empty translation");
            else
                for (const QString& form : forms)
                    if (placeholders(form) != placeholders(source))
                        problems << where + QStringLiteral(" has other placeholders: ") + form;
        }
    }
    if (xml.hasError())
        problems << tsPath + QStringLiteral(": ") + xml.errorString();
    return problems;
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private slots:
    void init() {
        removeTranslators();
        QLocale::setDefault(QLocale::c());
    }
    void cleanup() { removeTranslators(); }

    void catalogueIsComplete_data();
    void catalogueIsComplete();
    void compiledCataloguesTranslate();
    void mainWindowInChinese();
    void languagesByName();
};

void TestTranslations::catalogueIsComplete_data() {
    QTest::addColumn<QString>("language");
    for (const QString& language : kLanguages)
        QTest::newRow(qPrintable(language)) << language;
}

// What `ninja update_translations` would write, checked without touching the committed file.
void TestTranslations::catalogueIsComplete() {
    QFETCH(QString, language);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ts = dir.filePath(QStringLiteral("autosplit_%1.ts").arg(language));
    QVERIFY2(QFile::copy(committedTs(language), ts), qPrintable(committedTs(language)));
    QFile::setPermissions(ts, QFile::ReadOwner | QFile::WriteOwner);

    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    // No -no-obsolete: a message whose string left the sources shows up as vanished.
    lupdate.start(QStringLiteral(AUTOSPLIT_LUPDATE),
                  {QStringLiteral("@") + QStringLiteral(AUTOSPLIT_TR_SOURCES), QStringLiteral("-I"),
                   qEnvironmentVariable("AUTOSPLIT_SOURCE_DIR"), QStringLiteral("-locations"),
                   QStringLiteral("none"), QStringLiteral("-ts"), ts});
    QVERIFY2(lupdate.waitForFinished(120000), "lupdate did not finish");
    const QString log = QString::fromLocal8Bit(lupdate.readAll());
    QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0,
             qPrintable(log));

    int messages = 0;
    const QStringList problems = problemsIn(ts, &messages);
    // The sources hold hundreds of strings: far fewer means lupdate read the wrong files.
    QVERIFY2(messages > 400, qPrintable(log));
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("%1 of %2 messages of autosplit_%3.ts need work (run "
                                       "`ninja -C build update_translations` and translate "
                                       "them):\n")
                            .arg(problems.size())
                            .arg(messages)
                            .arg(language) +
                        problems.join(QLatin1Char('\n'))));
}

void TestTranslations::compiledCataloguesTranslate() {
    struct Known {
        const char* context;
        const char* source;
        QString de;
        QString zh;
    };
    const QList<Known> known{
        {"autosplit::MainWindow", "&File", QStringLiteral("&Datei"), QStringLiteral("文件(&F)")},
        {"autosplit::MainWindow", "&User Guide", QStringLiteral("&Benutzerhandbuch"),
         QStringLiteral("用户指南(&U)")},
        {"autosplit::format", "Cloud-Only", QStringLiteral("Nur Cloud"), QStringLiteral("纯云端")},
        {"autosplit::ParetoChart", "Pareto front", QString(), QStringLiteral("帕累托前沿")},
    };
    for (const QString& language : kLanguages) {
        QTranslator translator;
        const QString qm = QStringLiteral(":/i18n/autosplit_%1.qm").arg(language);
        QVERIFY2(translator.load(qm), qPrintable(qm));
        for (const Known& k : known) {
            const QString expected = language == QLatin1String("de") ? k.de : k.zh;
            const QString got = translator.translate(k.context, k.source);
            QVERIFY2(!got.isEmpty() && got != QLatin1String(k.source), k.source);
            if (!expected.isEmpty())
                QCOMPARE(got, expected);
        }
        // One plural form in Chinese, two in German; %n is filled either way.
        QCoreApplication::installTranslator(&translator);
        const QString matches = QCoreApplication::translate("autosplit::MainWindow",
                                                            "%n match(es) for \"%1\"", nullptr, 3);
        QCoreApplication::removeTranslator(&translator);
        QVERIFY2(matches.contains(QLatin1Char('3')) && !matches.contains(QStringLiteral("%n")) &&
                     !matches.contains(QStringLiteral("match(es)")),
                 qPrintable(matches));
    }
}

// What a Chinese system locale gets: our catalogue and Qt's own, and every menu in Chinese.
void TestTranslations::mainWindowInChinese() {
    QTemporaryDir settings;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
    const QLocale chinese(QLocale::Chinese, QLocale::China);
    const QStringList loaded = installTranslations(*qApp, chinese);
    QVERIFY2(loaded.contains(QStringLiteral(":/i18n/autosplit_zh_CN.qm")),
             qPrintable(loaded.join(u',')));
    const QString qtbase =
        QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_zh_CN.qm");
    if (QFile::exists(qtbase))
        QVERIFY2(loaded.contains(qtbase), qPrintable(loaded.join(u',')));

    MainWindow window;
    QStringList menus;
    for (QAction* action : window.menuBar()->actions())
        menus << action->text();
    QCOMPARE(menus, (QStringList{QStringLiteral("文件(&F)"), QStringLiteral("编辑(&E)"),
                                 QStringLiteral("视图(&V)"), QStringLiteral("分析(&A)"),
                                 QStringLiteral("帮助(&H)")}));
    // Every entry of every menu, down to the submenus, reads in Chinese (recent files are
    // file names, and none are listed with fresh settings).
    int entries = 0;
    std::function<void(const QMenu&)> check = [&](const QMenu& menu) {
        for (QAction* action : menu.actions()) {
            if (action->isSeparator())
                continue;
            ++entries;
            QVERIFY2(hasCjk(action->text()), qPrintable(action->text()));
            if (action->menu())
                check(*action->menu());
        }
    };
    for (QAction* top : window.menuBar()->actions())
        check(*top->menu());
    QVERIFY2(entries > 30, qPrintable(QString::number(entries)));
}

void TestTranslations::languagesByName() {
    const QStringList languages = availableLanguages();
    for (const QString& language :
         {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("zh_CN")})
        QVERIFY2(languages.contains(language), qPrintable(languages.join(u',')));
    QCOMPARE(localeForLanguage(QStringLiteral("zh-CN"))->name(), QStringLiteral("zh_CN"));
    QCOMPARE(localeForLanguage(QStringLiteral("ZH_cn"))->name(), QStringLiteral("zh_CN"));
    QCOMPARE(localeForLanguage(QStringLiteral("de"))->language(), QLocale::German);
    QCOMPARE(localeForLanguage(QStringLiteral("en"))->language(), QLocale::English);
    QVERIFY(!localeForLanguage(QStringLiteral("fr")));
    QVERIFY(!localeForLanguage(QString()));
    // A forced language loads its catalogue, and English none of ours.
    QVERIFY(installTranslations(*qApp, *localeForLanguage(QStringLiteral("de")))
                .contains(QStringLiteral(":/i18n/autosplit_de.qm")));
    removeTranslators();
    for (const QString& file : installTranslations(*qApp, *localeForLanguage(QStringLiteral("en"))))
        QVERIFY2(!file.startsWith(QStringLiteral(":/i18n/")), qPrintable(file));
}

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
