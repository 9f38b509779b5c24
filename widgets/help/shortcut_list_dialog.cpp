#include "widgets/help/shortcut_list_dialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

#include <functional>

namespace autosplit {

namespace {

QString shortcutText(const QAction& action) {
    QStringList keys;
    for (const QKeySequence& key : action.shortcuts())
        keys << key.toString(QKeySequence::NativeText);
    return keys.join(QStringLiteral(", "));
}

} // namespace

ShortcutListDialog::ShortcutListDialog(QWidget* window, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("shortcutListDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));

    const QList<Entry> entries = entriesFor(*window);
    m_table = new QTableWidget(int(entries.size()), 3, this);
    m_table->setObjectName(QStringLiteral("shortcutTable"));
    m_table->setHorizontalHeaderLabels({tr("Menu"), tr("Action"), tr("Shortcut")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    for (int row = 0; row < entries.size(); ++row) {
        const Entry& e = entries[row];
        m_table->setItem(row, 0, new QTableWidgetItem(e.menu));
        m_table->setItem(row, 1, new QTableWidgetItem(e.action));
        m_table->setItem(row, 2, new QTableWidgetItem(e.shortcut));
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto* note = new QLabel(tr("In the graph: Ctrl+wheel zooms, dragging pans, a click on a node "
                               "shows its details."),
                            this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(note);
    layout->addWidget(buttons);
    resize(620, 560);
}

QString ShortcutListDialog::plainText(const QString& actionText) {
    QString text;
    for (qsizetype i = 0; i < actionText.size(); ++i) {
        if (actionText[i] == QLatin1Char('&')) {
            if (i + 1 < actionText.size() && actionText[i + 1] == QLatin1Char('&'))
                text += actionText[++i];
            continue;
        }
        text += actionText[i];
    }
    if (text.endsWith(QChar(0x2026)))
        text.chop(1);
    else if (text.endsWith(QStringLiteral("...")))
        text.chop(3);
    // Chinese and Japanese menus put the accelerator in parentheses: "文件(&F)" -> "文件".
    static const QRegularExpression cjkAccelerator(QStringLiteral("\\([A-Za-z0-9]\\)$"));
    if (actionText.contains(QStringLiteral("(&")))
        text.remove(cjkAccelerator);
    return text.trimmed();
}

QList<ShortcutListDialog::Entry> ShortcutListDialog::entriesFor(const QWidget& window) {
    QList<Entry> entries;
    QSet<const QAction*> seen;
    auto add = [&](const QAction& action, const QString& menu) {
        if (action.shortcuts().isEmpty() || !action.isVisible() || seen.contains(&action))
            return;
        seen.insert(&action);
        entries.append({menu, plainText(action.text()), shortcutText(action)});
    };
    std::function<void(const QMenu&, const QString&)> walk = [&](const QMenu& menu,
                                                                 const QString& path) {
        for (QAction* action : menu.actions()) {
            if (action->isSeparator())
                continue;
            add(*action, path);
            if (action->menu() && action->menu() != &menu)
                walk(*action->menu(),
                     path + QStringLiteral(" › ") + plainText(action->menu()->title()));
        }
    };
    if (const auto* bar = window.findChild<QMenuBar*>(QString(), Qt::FindDirectChildrenOnly))
        for (QAction* top : bar->actions())
            if (top->menu())
                walk(*top->menu(), plainText(top->menu()->title()));
    for (const QAction* action : window.findChildren<QAction*>())
        add(*action, QString());
    return entries;
}

} // namespace autosplit
