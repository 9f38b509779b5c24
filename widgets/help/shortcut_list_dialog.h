#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QTableWidget;
class QWidget;

namespace autosplit {

// Help > Keyboard Shortcuts: every action of a window that has a shortcut, read from the
// window's actions when the dialog opens (so the list cannot go stale), with its translated
// text, the menu it sits in and the shortcut as the platform writes it.
class ShortcutListDialog : public QDialog {
    Q_OBJECT

public:
    struct Entry {
        QString menu;     // "View", without accelerator marks; empty: in no menu
        QString action;   // "Zoom In", without accelerator marks or an ellipsis
        QString shortcut; // "Ctrl++", several separated by ", "
    };

    explicit ShortcutListDialog(QWidget* window, QWidget* parent = nullptr);

    // The actions of `window` with a shortcut: those of its menu bar in menu order, then any
    // other action it owns.
    static QList<Entry> entriesFor(const QWidget& window);
    // "&Open…" -> "Open"; "Save && Quit" -> "Save & Quit".
    static QString plainText(const QString& actionText);

    QTableWidget* table() const { return m_table; }

private:
    QTableWidget* m_table = nullptr;
};

} // namespace autosplit
