// `autosplit evaluate --metric text-recognition --dictionary FILE` end to end (and solve judged by
// it): a recogniser built
// in code (per-step scores over {blank, a, b, c}), TensorProto samples with a labels.csv of texts,
// the figures worked out by hand (see tests/core/metrics/test_text_evaluation.cpp for the model),
// and the options' errors.

#include "tests/app/cli_process.h"

#include "core/io/tensor_io.h"
#include "tests/support/model_builder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace autosplit;
using namespace autosplit::testing;

class TestCliTextMetric : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_model, m_samples, m_dictionary;

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        ModelBuilder b(13, 1);
        auto x = b.input("x", {1, 12});
        std::vector<float> w(144, 0.f);
        for (int i = 0; i < 12; ++i)
            w[static_cast<size_t>(i * 12 + i)] = 5.f;
        auto y = b.node("Gemm", {x, b.floats("w", {12, 12}, w)}, 1, {{1, 12}}, "gemm")[0];
        b.setAttr(b.lastNode(), "transB", int64_t(1));
        auto scores =
            b.node("Reshape", {y, b.int64s("shape", {3}, {1, 3, 4})}, 1, {{1, 3, 4}}, "reshape")[0];
        b.output(scores);
        m_model = m_dir.filePath(QStringLiteral("recogniser.onnx"));
        b.save(m_model.toStdString());
        m_samples = m_dir.filePath(QStringLiteral("lines"));
        QVERIFY(QDir().mkpath(m_samples));
        const std::vector<std::vector<float>> lines = {
            {0, 10, 0, 0, 10, 0, 0, 0, 0, 0, 10, 0}, // "ab"
            {0, 0, 0, 10, 0, 0, 0, 10, 10, 0, 0, 0}, // "c"
            {0, 9, 10, 0, 0, 10, 0, 0, 0, 10, 0, 0}, // "ba", "a" at 2 bits
        };
        for (size_t i = 0; i < lines.size(); ++i) {
            std::vector<float> x;
            for (float v : lines[i])
                x.push_back(v / 5.f);
            QVERIFY(writeTensorProtoFile(
                (m_samples + QStringLiteral("/line%1.pb").arg(i)).toStdString(), "x",
                HostTensor::fromFloats({1, 12}, x)));
        }
        writeText(m_samples + QStringLiteral("/labels.csv"),
                  "file,text\nline0.pb,ab\nline1.pb,c\nline2.pb,ba\n");
        m_dictionary = m_dir.filePath(QStringLiteral("keys.txt"));
        writeText(m_dictionary, "a\nb\nc\n");
    }

    void evaluatesLines() {
        const CliRun r =
            runCli({QStringLiteral("evaluate"), m_model, QStringLiteral("--samples"), m_samples,
                    QStringLiteral("--metric"), QStringLiteral("text-recognition"),
                    QStringLiteral("--dictionary"), m_dictionary, QStringLiteral("--split"),
                    QStringLiteral("1"), QStringLiteral("--bits"), QStringLiteral("2"),
                    QStringLiteral("--calibration-bits"), QStringLiteral("2,8"),
                    QStringLiteral("--no-cache"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("metric")).toString(), QStringLiteral("text-recognition"));
        QCOMPARE(o.value(QStringLiteral("samples")).toInt(), 3);
        QVERIFY(o.value(QStringLiteral("labelled")).toBool());
        QCOMPARE(o.value(QStringLiteral("floatScore")).toDouble(), 100.0);
        QCOMPARE(o.value(QStringLiteral("quantizedScore")).toDouble(), 200.0 / 3.0);
        QCOMPARE(o.value(QStringLiteral("quantizedCharacterErrorRate")).toDouble(), 20.0);
        QCOMPARE(o.value(QStringLiteral("accuracyDropPercent")).toDouble(), 100.0 - 200.0 / 3.0);
        const CliRun text =
            runCli({QStringLiteral("evaluate"), m_model, QStringLiteral("--samples"), m_samples,
                    QStringLiteral("--metric"), QStringLiteral("text-recognition"),
                    QStringLiteral("--dictionary"), m_dictionary, QStringLiteral("--split"),
                    QStringLiteral("1"), QStringLiteral("--bits"), QStringLiteral("8"),
                    QStringLiteral("--calibration-bits"), QStringLiteral("2,8")});
        QVERIFY2(text.exitCode == 0, qPrintable(text.err));
        QVERIFY2(
            text.out.contains(QStringLiteral("line accuracy:    float 100.0 %, split 100.0 %")),
            qPrintable(text.out));
    }

    // The truth "a b" for the line read "ab": the same line unless --count-spaces.
    void spacesCountOnlyWhenAsked() {
        const QString spaced = m_dir.filePath(QStringLiteral("spaced"));
        QVERIFY(QDir().mkpath(spaced));
        for (int i = 0; i < 3; ++i)
            QVERIFY(QFile::copy(m_samples + QStringLiteral("/line%1.pb").arg(i),
                                spaced + QStringLiteral("/line%1.pb").arg(i)));
        writeText(spaced + QStringLiteral("/labels.csv"),
                  "file,text\nline0.pb,a b\nline1.pb,c\nline2.pb,ba\n");
        auto floatScore = [&](bool countSpaces) {
            QStringList args{QStringLiteral("evaluate"),     m_model,
                             QStringLiteral("--samples"),    spaced,
                             QStringLiteral("--metric"),     QStringLiteral("text-recognition"),
                             QStringLiteral("--dictionary"), m_dictionary,
                             QStringLiteral("--split"),      QStringLiteral("1"),
                             QStringLiteral("--bits"),       QStringLiteral("8"),
                             QStringLiteral("--json")};
            if (countSpaces)
                args << QStringLiteral("--count-spaces");
            const CliRun r = runCli(args);
            if (r.exitCode != 0)
                qWarning("%s", qPrintable(r.err));
            return QJsonDocument::fromJson(r.out.toUtf8())
                .object()
                .value(QStringLiteral("floatScore"))
                .toDouble(-1.0);
        };
        QCOMPARE(floatScore(false), 100.0);
        QCOMPARE(floatScore(true), 200.0 / 3.0);
    }

    void optionErrors() {
        const QStringList base = {QStringLiteral("--samples"), m_samples,
                                  QStringLiteral("--split"),   QStringLiteral("1"),
                                  QStringLiteral("--bits"),    QStringLiteral("8")};
        CliRun r = runCli(QStringList{QStringLiteral("evaluate"), m_model,
                                      QStringLiteral("--metric"), QStringLiteral("bleu")} +
                          base);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--metric 'bleu'")), qPrintable(r.err));
        r = runCli(QStringList{QStringLiteral("evaluate"), m_model, QStringLiteral("--metric"),
                               QStringLiteral("text-recognition")} +
                   base);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("needs --dictionary")), qPrintable(r.err));
        // a dictionary of the wrong size names the counts
        const QString small = m_dir.filePath(QStringLiteral("small.txt"));
        writeText(small, "a\n");
        r = runCli(QStringList{QStringLiteral("evaluate"), m_model, QStringLiteral("--metric"),
                               QStringLiteral("text-recognition"), QStringLiteral("--dictionary"),
                               small} +
                   base);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("1 symbols do not fit a model with 4 classes")),
                 qPrintable(r.err));
        // solve measures its drops in lines too: the 2-bit candidates (33 points) are out at a
        // 10-point limit, and whatever it selects was measured within it
        r = runCli({QStringLiteral("solve"), m_model, QStringLiteral("--samples"), m_samples,
                    QStringLiteral("--metric"), QStringLiteral("text-recognition"),
                    QStringLiteral("--dictionary"), m_dictionary, QStringLiteral("--max-drop"),
                    QStringLiteral("10%"), QStringLiteral("--bits"), QStringLiteral("2,8"),
                    QStringLiteral("--calibration-bits"), QStringLiteral("2,8"),
                    QStringLiteral("--no-cache"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject solved = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject selected = solved.value(QStringLiteral("selected")).toObject();
        QVERIFY2(!selected.isEmpty(), qPrintable(r.out.left(400)));
        const QJsonValue drop = selected.value(QStringLiteral("measuredDropPercent"));
        QVERIFY2(drop.isDouble(), "the selection's drop was not measured");
        QCOMPARE(drop.toDouble(), 0.0); // 8-bit activations keep every line
        QCOMPARE(selected.value(QStringLiteral("activationBits")).toArray().first().toInt(), 8);
    }
};

QTEST_GUILESS_MAIN(TestCliTextMetric)
#include "test_cli_text_metric.moc"
