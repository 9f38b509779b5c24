#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>

class QLabel;
class QLineEdit;
class QTextBrowser;
class QTreeWidget;
class QTreeWidgetItem;
class QUrl;

namespace autosplit {

// Help > User Guide: the user guide shipped in the program (Markdown at kUserGuidePath), with
// its table of contents beside it and a search field above it. Links between sections
// (`[text](#section-slug)`, the anchors GitHub gives headings) scroll to the section; links to
// other sites open in the system browser.
class UserGuideDialog : public QDialog {
    Q_OBJECT

public:
    static constexpr const char* kUserGuidePath = ":/help/user-guide.md";

    explicit UserGuideDialog(QWidget* parent = nullptr);

    // The heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as '-'.
    static QString slugFor(const QString& heading);

    // The anchors of the guide's headings, in document order.
    QStringList sectionAnchors() const { return m_anchors; }
    // Scrolls to the section with this anchor; false when there is none.
    bool showSection(const QString& anchor);
    // Selects the next match of `text` after the cursor (wrapping); false when there is none.
    bool find(const QString& text);

    QTextBrowser* browser() const { return m_browser; }
    QTreeWidget* contents() const { return m_contents; }
    QLineEdit* searchField() const { return m_search; }

private:
    void load();
    void followLink(const QUrl& url);

    QTextBrowser* m_browser = nullptr;
    QTreeWidget* m_contents = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_searchState = nullptr;
    QStringList m_anchors;
};

} // namespace autosplit
