#pragma once

#include <QColor>
#include <QPen>
#include <QScatterSeries>
#include <QString>
#include <QWidget>

#include <vector>

class QHBoxLayout;
class QListWidget;
class QListWidgetItem;
class QPainter;
class QToolButton;

namespace autosplit {

// A chart's legend as a widget beside it rather than inside the plot: Qt Charts' own legend
// takes its room from the plot and cuts entries ("Edge-Only U8 (not e…") when the dock is short
// or narrow. Here every entry keeps its whole text (wrapped), the list scrolls when the dock is
// short, and it folds away to give the plot the whole width. Entries can be clicked (a
// baseline's entry selects that baseline). The same entries are painted into exported images
// (paint()), so a picture carries its legend whole, without any widget in it.
class ChartLegend : public QWidget {
    Q_OBJECT

public:
    // Whisker: a vertical bar with caps, for an interval drawn through a point.
    enum class Symbol { Marker, Line, Whisker };
    struct Entry {
        Symbol symbol = Symbol::Marker;
        QScatterSeries::MarkerShape shape = QScatterSeries::MarkerShapeCircle;
        QBrush brush;
        QPen pen;
        QString text;
        QString tooltip;
        QString key; // what a click on it stands for (a baseline's name); empty: not clickable
    };

    explicit ChartLegend(QWidget* parent = nullptr);

    void setEntries(std::vector<Entry> entries);
    const std::vector<Entry>& entries() const { return m_entries; }
    // Folded: only the button that unfolds it is left.
    void setFolded(bool folded);
    bool isFolded() const { return m_folded; }
    QListWidget* list() const { return m_list; }
    // Puts a control (a chart's reset-zoom button) in the legend's header, left of the fold
    // button, where it takes no room from the chart's controls.
    void addHeaderWidget(QWidget* widget);
    QToolButton* foldButton() const { return m_fold; }

    // The entries painted in a column `width` wide: the height they need, and painting them.
    qreal paintedHeight(const QFont& font, qreal width) const;
    void paint(QPainter& painter, const QRectF& rect, const QFont& font) const;
    // An entry's symbol as an icon `size` pixels square.
    static QPixmap symbolPixmap(const Entry& entry, int size, qreal devicePixelRatio = 1.0);

signals:
    void entryClicked(const QString& key);
    void foldedChanged(bool folded);

private:
    static void drawSymbol(QPainter& painter, const Entry& entry, const QRectF& box);

    std::vector<Entry> m_entries;
    QListWidget* m_list = nullptr;
    QToolButton* m_fold = nullptr;
    QHBoxLayout* m_header = nullptr;
    bool m_folded = false;
};

} // namespace autosplit
