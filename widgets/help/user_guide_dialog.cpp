#include "widgets/help/user_guide_dialog.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <vector>

namespace autosplit {

UserGuideDialog::UserGuideDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("userGuideDialog"));
    setWindowTitle(tr("Auto-Split Explorer User Guide"));

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("userGuideSearch"));
    m_search->setPlaceholderText(tr("Search the guide (Enter: next match)"));
    m_search->setClearButtonEnabled(true);
    m_searchState = new QLabel(this);
    connect(m_search, &QLineEdit::returnPressed, this, [this] { find(m_search->text()); });
    // Typing searches from the top, so the first match is the first in the guide.
    connect(m_search, &QLineEdit::textEdited, this, [this](const QString& text) {
        m_browser->moveCursor(QTextCursor::Start);
        find(text);
    });

    m_contents = new QTreeWidget(this);
    m_contents->setObjectName(QStringLiteral("userGuideContents"));
    m_contents->setHeaderLabel(tr("Contents"));
    m_contents->setMinimumWidth(220);
    connect(m_contents, &QTreeWidget::itemClicked, this,
            [this](QTreeWidgetItem* item) { showSection(item->data(0, Qt::UserRole).toString()); });
    connect(m_contents, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem* item) { showSection(item->data(0, Qt::UserRole).toString()); });

    m_browser = new QTextBrowser(this);
    m_browser->setObjectName(QStringLiteral("userGuideBrowser"));
    // Links are ours to follow: section anchors scroll, web links go to the system browser.
    m_browser->setOpenLinks(false);
    connect(m_browser, &QTextBrowser::anchorClicked, this, &UserGuideDialog::followLink);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(m_contents);
    splitter->addWidget(m_browser);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({260, 760});

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* searchRow = new QHBoxLayout;
    auto* searchLabel = new QLabel(tr("&Search:"), this);
    searchLabel->setBuddy(m_search);
    searchRow->addWidget(searchLabel);
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_searchState);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(searchRow);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    resize(1040, 720);
    load();
}

QString UserGuideDialog::slugFor(const QString& heading) {
    QString slug;
    for (const QChar c : heading.trimmed().toLower()) {
        if (c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_'))
            slug += c;
        else if (c == QLatin1Char(' '))
            slug += QLatin1Char('-');
    }
    return slug;
}

void UserGuideDialog::load() {
    QFile file(QString::fromLatin1(kUserGuidePath));
    if (!file.open(QIODevice::ReadOnly)) {
        m_browser->setPlainText(
            tr("The user guide is missing from this build (%1).").arg(file.fileName()));
        return;
    }
    m_browser->setMarkdown(QString::fromUtf8(file.readAll()));

    // Qt's Markdown import gives headings no anchors: give each the one GitHub gives it (a
    // repeated heading gets "-1", "-2", …), so the guide's links work here and on GitHub.
    m_anchors.clear();
    m_contents->clear();
    std::vector<QTreeWidgetItem*> parents; // parents[level - 1]: the newest heading of that level
    QTextDocument* document = m_browser->document();
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        const int level = block.blockFormat().headingLevel();
        if (level <= 0)
            continue;
        const QString title = block.text().trimmed();
        QString anchor = slugFor(title);
        for (int n = 1; m_anchors.contains(anchor); ++n)
            anchor = slugFor(title) + QLatin1Char('-') + QString::number(n);
        m_anchors << anchor;

        QTextCursor cursor(block);
        cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        QTextCharFormat format;
        format.setAnchor(true);
        format.setAnchorNames({anchor});
        cursor.mergeCharFormat(format);

        if (level > 3)
            continue; // the contents list the guide down to its subsections
        parents.resize(std::size_t(level), nullptr);
        QTreeWidgetItem* parent = nullptr;
        for (int up = level - 2; up >= 0 && !parent; --up)
            parent = parents[std::size_t(up)];
        auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_contents);
        item->setText(0, title);
        item->setData(0, Qt::UserRole, anchor);
        parents[std::size_t(level - 1)] = item;
    }
    m_contents->expandToDepth(0);
}

bool UserGuideDialog::showSection(const QString& anchor) {
    if (!m_anchors.contains(anchor))
        return false;
    m_browser->scrollToAnchor(anchor);
    return true;
}

bool UserGuideDialog::find(const QString& text) {
    m_searchState->clear();
    if (text.isEmpty())
        return false;
    if (m_browser->find(text))
        return true;
    // Wrap around once from the top.
    const QTextCursor before = m_browser->textCursor();
    m_browser->moveCursor(QTextCursor::Start);
    if (m_browser->find(text))
        return true;
    m_browser->setTextCursor(before);
    m_searchState->setText(tr("No match for \"%1\"").arg(text));
    return false;
}

void UserGuideDialog::followLink(const QUrl& url) {
    if (url.scheme().isEmpty() && url.path().isEmpty() && url.hasFragment()) {
        if (!showSection(url.fragment()))
            m_searchState->setText(tr("No section \"%1\" in the guide").arg(url.fragment()));
        return;
    }
    if (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")) {
        QDesktopServices::openUrl(url);
        return;
    }
    m_searchState->setText(tr("Not part of the guide: %1").arg(url.toDisplayString()));
}

} // namespace autosplit
