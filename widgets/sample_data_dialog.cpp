#include "widgets/sample_data_dialog.h"

#include "core/data/preprocess_spec.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace autosplit {

SampleDataDialog::SampleDataDialog(const QString& modelName, const SampleSource& current,
                                   QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("sampleDataDialog"));
    setWindowTitle(tr("Sample Data for %1").arg(modelName));

    auto* intro = new QLabel(
        tr("Calibration and the measured accuracy drops run the model on these inputs: a folder "
           "of PNG or JPEG images, .npy or TensorProto .pb tensors, one such file, or a CSV of "
           "files and labels. The metric says what a drop is measured in: top-1 accuracy (with "
           "labels; without, agreement with the float model), a text recogniser's line accuracy "
           "(labels.csv of file and text, and the recogniser's dictionary), a text detector's "
           "hmean (boxes.csv, ICDAR 2015 style), or the output's signal-to-noise ratio."),
        this);
    intro->setWordWrap(true);

    m_path = new QLineEdit(current.path, this);
    m_path->setObjectName(QStringLiteral("samplePath"));
    m_path->setPlaceholderText(tr("Folder or file"));
    m_path->setClearButtonEnabled(true);
    auto* folderButton = new QPushButton(tr("F&older…"), this);
    auto* fileButton = new QPushButton(tr("F&ile…"), this);
    connect(folderButton, &QPushButton::clicked, this, [this] { browse(true); });
    connect(fileButton, &QPushButton::clicked, this, [this] { browse(false); });
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(folderButton);
    pathRow->addWidget(fileButton);

    m_spec = new QLineEdit(current.preprocessSpec, this);
    m_spec->setObjectName(QStringLiteral("sampleSpec"));
    m_spec->setPlaceholderText(tr("Default: resize to the model input, scale=1/255"));
    m_spec->setClearButtonEnabled(true);
    m_spec->setToolTip(
        tr("How images become input tensors, e.g. "
           "<tt>resize=224x224,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225</tt>. "
           "Items: resize=HxW, keep-aspect, pad, layout=nchw|nhwc, order=rgb|bgr, channels=3|1, "
           "scale=S, mean=M[,M,M], std=D[,D,D]. Ignored for tensor files."));

    m_metric = new QComboBox(this);
    m_metric->setObjectName(QStringLiteral("metric"));
    m_metric->addItem(tr("Classification: top-1 accuracy"), int(MetricKind::Classification));
    m_metric->addItem(tr("Text recognition: line accuracy"), int(MetricKind::TextRecognition));
    m_metric->addItem(tr("Text detection: hmean of the boxes"), int(MetricKind::TextDetection));
    m_metric->addItem(tr("Any model: output noise (SQNR)"), int(MetricKind::Sqnr));
    m_metric->setCurrentIndex(m_metric->findData(int(current.metric)));
    m_metric->setToolTip(tr("What a candidate's accuracy drop is measured in (--metric)"));
    m_dictionary = new QLineEdit(current.dictionary, this);
    m_dictionary->setObjectName(QStringLiteral("dictionary"));
    m_dictionary->setPlaceholderText(tr("The recogniser's characters, one per line"));
    m_dictionary->setClearButtonEnabled(true);
    auto* dictionaryButton = new QPushButton(tr("Fi&le…"), this);
    connect(dictionaryButton, &QPushButton::clicked, this, [this] {
        const QString start =
            m_dictionary->text().isEmpty() ? m_path->text() : m_dictionary->text();
        const QString chosen = QFileDialog::getOpenFileName(
            this, tr("Dictionary"), start, tr("Dictionary (*.txt);;All files (*)"));
        if (!chosen.isEmpty())
            m_dictionary->setText(QDir::toNativeSeparators(chosen));
    });
    auto* dictionaryRow = new QHBoxLayout;
    dictionaryRow->addWidget(m_dictionary, 1);
    dictionaryRow->addWidget(dictionaryButton);
    m_countSpaces = new QCheckBox(tr("C&ount spaces: a line must match them too"), this);
    m_countSpaces->setObjectName(QStringLiteral("countSpaces"));
    m_countSpaces->setChecked(current.countSpaces);
    m_countSpaces->setToolTip(
        tr("Off: spaces are dropped from both lines before comparing, as PaddleOCR's accuracy "
           "does (--count-spaces turns this on)"));
    auto updateDictionary = [this, dictionaryButton] {
        const bool text = m_metric->currentData().toInt() == int(MetricKind::TextRecognition);
        m_dictionary->setEnabled(text);
        dictionaryButton->setEnabled(text);
        m_countSpaces->setEnabled(text);
    };
    connect(m_metric, &QComboBox::currentIndexChanged, this, updateDictionary);
    updateDictionary();

    // How calibration picks the ranges, as the command line's --weight-range,
    // --activation-range, --percentile and --no-cache.
    auto methodBox = [this](const char* name, RangeMethod current) {
        auto* box = new QComboBox(this);
        box->setObjectName(QLatin1String(name));
        box->addItem(tr("min/max"), int(RangeMethod::MinMax));
        box->addItem(tr("percentile"), int(RangeMethod::Percentile));
        box->addItem(tr("MSE-optimal clipping"), int(RangeMethod::Mse));
        box->setCurrentIndex(box->findData(int(current)));
        return box;
    };
    m_weightRange = methodBox("weightRange", current.weightRange);
    m_weightRange->setToolTip(
        tr("How each weight tensor's quantization range is chosen (--weight-range)"));
    m_weightRounding = new QComboBox(this);
    m_weightRounding->setObjectName(QStringLiteral("weightRounding"));
    m_weightRounding->addItem(tr("nearest"), int(WeightRounding::Nearest));
    m_weightRounding->addItem(tr("adaptive (chosen on the samples)"),
                              int(WeightRounding::Adaptive));
    m_weightRounding->setCurrentIndex(m_weightRounding->findData(int(current.weightRounding)));
    m_weightRounding->setToolTip(
        tr("Adaptive: each weight is rounded up or down so that its layer's output on the "
           "samples changes least, as AdaRound does; helps layers whose weights cancel each "
           "other, costs calibration time (--weight-rounding)"));
    m_activationRange = methodBox("activationRange", current.activationRange);
    m_activationRange->setToolTip(
        tr("How each activation's range is chosen from the samples (--activation-range)"));
    m_percentile = new QDoubleSpinBox(this);
    m_percentile->setObjectName(QStringLiteral("percentile"));
    m_percentile->setRange(50.0, 100.0);
    m_percentile->setDecimals(3);
    m_percentile->setSuffix(tr(" %"));
    m_percentile->setValue(current.percentile);
    m_percentile->setToolTip(tr("Share of the values the percentile range keeps (--percentile)"));
    m_equalize = new QCheckBox(tr("E&qualize channel ranges before calibrating"), this);
    m_equalize->setObjectName(QStringLiteral("equalize"));
    m_equalize->setChecked(current.equalize);
    m_equalize->setToolTip(
        tr("Evens out the ranges of a layer output's channels where only depthwise layers read "
           "it, moving the scale into their weights (exact in float; --equalize). Helps "
           "per-tensor 8-bit and lower activations of mobile networks."));
    m_recalibrate = new QCheckBox(tr("Recalibrate even when a cached result exists"), this);
    m_recalibrate->setObjectName(QStringLiteral("recalibrate"));
    m_recalibrate->setChecked(!current.useCache);
    auto updatePercentile = [this] {
        m_percentile->setEnabled(
            m_weightRange->currentData().toInt() == int(RangeMethod::Percentile) ||
            m_activationRange->currentData().toInt() == int(RangeMethod::Percentile));
    };
    connect(m_weightRange, &QComboBox::currentIndexChanged, this, updatePercentile);
    connect(m_activationRange, &QComboBox::currentIndexChanged, this, updatePercentile);
    updatePercentile();

    auto* form = new QFormLayout;
    auto* pathLabel = new QLabel(tr("&Samples:"), this);
    pathLabel->setBuddy(m_path);
    form->addRow(pathLabel, pathRow);
    form->addRow(tr("&Preprocessing:"), m_spec);
    form->addRow(tr("&Metric:"), m_metric);
    form->addRow(tr("&Dictionary:"), dictionaryRow);
    form->addRow(QString(), m_countSpaces);
    form->addRow(tr("&Weight ranges:"), m_weightRange);
    form->addRow(tr("Weight &rounding:"), m_weightRounding);
    form->addRow(tr("&Activation ranges:"), m_activationRange);
    form->addRow(tr("P&ercentile:"), m_percentile);
    form->addRow(QString(), m_equalize);
    form->addRow(QString(), m_recalibrate);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("sampleError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Calibrate"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SampleDataDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SampleDataDialog::reject);
    // A stale complaint goes as soon as the user edits what it was about.
    connect(m_path, &QLineEdit::textChanged, m_error, &QLabel::hide);
    connect(m_spec, &QLineEdit::textChanged, m_error, &QLabel::hide);
    connect(m_dictionary, &QLineEdit::textChanged, m_error, &QLabel::hide);
    connect(m_metric, &QComboBox::currentIndexChanged, m_error, &QLabel::hide);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    resize(560, sizeHint().height());
}

SampleSource SampleDataDialog::source() const {
    SampleSource source;
    const QString path = m_path->text().trimmed();
    source.path = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    source.preprocessSpec = m_spec->text().trimmed();
    source.weightRange = static_cast<RangeMethod>(m_weightRange->currentData().toInt());
    source.activationRange = static_cast<RangeMethod>(m_activationRange->currentData().toInt());
    source.weightRounding = static_cast<WeightRounding>(m_weightRounding->currentData().toInt());
    source.percentile = m_percentile->value();
    source.metric = static_cast<MetricKind>(m_metric->currentData().toInt());
    const QString dictionary = m_dictionary->text().trimmed();
    if (source.metric == MetricKind::TextRecognition && !dictionary.isEmpty())
        source.dictionary = QFileInfo(dictionary).absoluteFilePath();
    source.countSpaces = source.metric == MetricKind::TextRecognition && m_countSpaces->isChecked();
    source.equalize = m_equalize->isChecked();
    source.useCache = !m_recalibrate->isChecked();
    return source;
}

QString SampleDataDialog::problemWith(const SampleSource& source) {
    if (source.path.isEmpty())
        return tr("Choose a folder or file of samples.");
    const QFileInfo info(source.path);
    if (!info.exists())
        return tr("%1: no such file or folder").arg(QDir::toNativeSeparators(source.path));
    if (!info.isReadable())
        return tr("%1: permission denied").arg(QDir::toNativeSeparators(source.path));
    if (!source.preprocessSpec.isEmpty()) {
        auto spec = parsePreprocessSpec(source.preprocessSpec.toStdString());
        if (!spec)
            return tr("Preprocessing: %1").arg(QString::fromStdString(spec.error().message));
    }
    if (source.metric == MetricKind::TextRecognition) {
        // whether it fits the model's classes is the calibration's to tell
        if (source.dictionary.isEmpty())
            return tr("Text recognition needs the recogniser's dictionary file.");
        const QFileInfo dictionary(source.dictionary);
        if (!dictionary.isFile())
            return tr("Dictionary %1: no such file")
                .arg(QDir::toNativeSeparators(source.dictionary));
        if (!dictionary.isReadable())
            return tr("Dictionary %1: permission denied")
                .arg(QDir::toNativeSeparators(source.dictionary));
    }
    return {};
}

void SampleDataDialog::accept() {
    const QString problem = problemWith(source());
    if (!problem.isEmpty()) {
        m_error->setText(problem);
        m_error->show();
        return;
    }
    QDialog::accept();
}

void SampleDataDialog::browse(bool folder) {
    const QString start = m_path->text().isEmpty() ? QDir::homePath() : m_path->text();
    const QString chosen =
        folder ? QFileDialog::getExistingDirectory(this, tr("Sample Folder"), start)
               : QFileDialog::getOpenFileName(
                     this, tr("Sample File"), start,
                     tr("Samples (*.png *.jpg *.jpeg *.npy *.pb *.csv);;All files (*)"));
    if (!chosen.isEmpty())
        m_path->setText(QDir::toNativeSeparators(chosen));
}

} // namespace autosplit
