// CTC greedy decoding and the text-recognition metrics on cases worked out by hand.

#include "core/metrics/ctc_decoder.h"
#include "core/metrics/text_metrics.h"

#include <QtTest>

using namespace autosplit;

namespace {

// [N, T, C] scores from rows of probabilities.
HostTensor scores(int64_t n, int64_t t, int64_t c, const std::vector<float>& values) {
    return HostTensor::fromFloats({n, t, c}, values);
}

} // namespace

class TestTextMetrics : public QObject {
    Q_OBJECT

private slots:
    void alphabetFromDictionary() {
        // three symbols: with the blank 4 classes; with the blank and PaddleOCR's space 5
        auto four = ctcAlphabet("a\nb\nc\n", 4);
        QVERIFY(four);
        QCOMPARE(four->symbols, (std::vector<std::string>{"", "a", "b", "c"}));
        auto five = ctcAlphabet("a\r\nb\r\nc", 5);
        QVERIFY(five);
        QCOMPARE(five->symbols, (std::vector<std::string>{"", "a", "b", "c", " "}));
        auto chinese = ctcAlphabet("你\n好\n", 3);
        QVERIFY(chinese);
        QCOMPARE(chinese->symbols[2], std::string("好"));
        auto wrong = ctcAlphabet("a\nb\nc\n", 7, "keys.txt");
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().message,
                 std::string("keys.txt: 3 symbols do not fit a model with 7 classes (expected 6, "
                             "or 5 with a space added)"));
        QVERIFY(!loadCtcDictionary("/no/such/keys.txt", 4));
    }

    void greedyDecoding() {
        auto alphabet = ctcAlphabet("a\nb\nc", 4).value();
        // argmax per step: a a blank a b b -> "a" (a a collapsed), blank, "a", "b" (b b
        // collapsed) = "aab"; kept steps 0.9, 0.7, 0.6 -> confidence 0.7333
        const HostTensor s = scores(1, 6, 4, {0.05f, 0.9f, 0.03f, 0.02f, //
                                              0.1f,  0.8f, 0.05f, 0.05f, //
                                              0.6f,  0.2f, 0.1f,  0.1f,  //
                                              0.1f,  0.7f, 0.1f,  0.1f,  //
                                              0.2f,  0.1f, 0.6f,  0.1f,  //
                                              0.3f,  0.1f, 0.5f,  0.1f});
        auto decoded = ctcGreedyDecode(s, alphabet);
        QVERIFY(decoded);
        QCOMPARE(decoded->size(), size_t(1));
        QCOMPARE(decoded->front().text, std::string("aab"));
        QVERIFY(std::abs(decoded->front().confidence - (0.9 + 0.7 + 0.6) / 3.0) < 1e-6);

        // a tie goes to the lower class (numpy's argmax): the blank here, so nothing is read;
        // the second batch item reads "c c" with the space class
        auto spaced = ctcAlphabet("a\nb\nc", 5).value();
        const HostTensor two = scores(2, 3, 5, {0.4f, 0.4f, 0.1f, 0.05f, 0.05f, //
                                                0.5f, 0.1f, 0.1f, 0.2f,  0.1f,  //
                                                0.5f, 0.5f, 0.0f, 0.0f,  0.0f,  //
                                                0.0f, 0.0f, 0.0f, 1.0f,  0.0f,  //
                                                0.0f, 0.0f, 0.0f, 0.0f,  1.0f,  //
                                                0.0f, 0.0f, 0.0f, 1.0f,  0.0f});
        auto batch = ctcGreedyDecode(two, spaced);
        QVERIFY(batch);
        QCOMPARE(batch->at(0).text, std::string());
        QCOMPARE(batch->at(0).confidence, 0.0);
        QCOMPARE(batch->at(1).text, std::string("c c"));

        // [T, C] without the batch dimension
        auto flat = ctcGreedyDecode(
            HostTensor::fromFloats({2, 4}, std::vector<float>{0, 0, 0, 1, 0, 0, 1, 0}), alphabet);
        QVERIFY(flat);
        QCOMPARE(flat->front().text, std::string("cb"));
    }

    void decodingErrors() {
        auto alphabet = ctcAlphabet("a\nb\nc", 4).value();
        auto classes = ctcGreedyDecode(scores(1, 2, 5, std::vector<float>(10, 0.f)), alphabet);
        QVERIFY(!classes);
        QCOMPARE(classes.error().message, std::string("the scores have 5 classes, the alphabet 4"));
        QVERIFY(
            !ctcGreedyDecode(HostTensor::fromFloats({4}, std::vector<float>(4, 0.f)), alphabet));
        QVERIFY(!ctcGreedyDecode(HostTensor::fromInt64s({1, 1, 4}, std::vector<int64_t>(4, 0)),
                                 alphabet));
    }

    void editDistances() {
        auto d = [](const char* a, const char* b) {
            return editDistance(utf8CodePoints(a), utf8CodePoints(b));
        };
        QCOMPARE(d("kitten", "sitting"), size_t(3)); // k->s, e->i, +g
        QCOMPARE(d("flaw", "lawn"), size_t(2));      // -f, +n
        QCOMPARE(d("", "abc"), size_t(3));
        QCOMPARE(d("abc", "abc"), size_t(0));
        // code points, not bytes: one inserted character (3 UTF-8 bytes)
        QCOMPARE(d("你好", "你们好"), size_t(1));
        QCOMPARE(utf8CodePoints("你们好").size(), size_t(3));
        // an invalid byte is one replacement character
        QCOMPARE(utf8CodePoints("a\xff"
                                "b"),
                 std::u32string(U"a\uFFFDb"));
        QCOMPARE(utf8CodePoints("\xe4\xbd"), std::u32string(U"\uFFFD\uFFFD")); // truncated
    }

    void recognitionScore() {
        // exact: only the first line; edits 0 + 1 (d for c) + 1 (们 missing) over 3 + 3 + 3
        auto s = scoreTextRecognition({"abc", "abd", "你好"}, {"abc", "abc", "你们好"});
        QVERIFY(s);
        QCOMPARE(s->lines, size_t(3));
        QCOMPARE(s->exact, size_t(1));
        QCOMPARE(s->edits, size_t(2));
        QCOMPARE(s->referenceCharacters, size_t(9));
        QCOMPARE(s->lineAccuracy(), 1.0 / 3.0);
        QCOMPARE(s->characterErrorRate(), 2.0 / 9.0);
        QVERIFY(!scoreTextRecognition({"a"}, {}));
        auto empty = scoreTextRecognition({}, {});
        QVERIFY(empty);
        QCOMPARE(empty->lineAccuracy(), 0.0);
        QCOMPARE(empty->characterErrorRate(), 0.0);
    }

    void spacesIgnoredUnlessCounted() {
        // "FW22CHF" for "FW22 CHF" and "S TJ 460" for "STJ460": equal without spaces; a changed
        // letter still counts
        const std::vector<std::string> read{"FW22CHF", "S TJ 460", " ab c ", "abd"};
        const std::vector<std::string> truth{"FW22 CHF", "STJ460", "abc", "ab c"};
        auto lenient = scoreTextRecognition(read, truth);
        QVERIFY(lenient);
        QCOMPARE(lenient->exact, size_t(3));
        QCOMPARE(lenient->edits, size_t(1));                // d for c
        QCOMPARE(lenient->referenceCharacters, size_t(19)); // 7 + 6 + 3 + 3, spaces not counted
        TextComparison strict;
        strict.ignoreSpaces = false;
        auto counted = scoreTextRecognition(read, truth, strict);
        QVERIFY(counted);
        QCOMPARE(counted->exact, size_t(0));
        // 1 (space missing) + 2 (two spaces extra) + 3 (spaces around and inside) + 2 ("abd" to
        // "ab c": d becomes the space, c is inserted)
        QCOMPARE(counted->edits, size_t(1 + 2 + 3 + 2));
        QCOMPARE(counted->referenceCharacters, size_t(8 + 6 + 3 + 4));
        // ideographic spaces (U+3000) are text, not the ASCII space PaddleOCR drops
        auto wide = scoreTextRecognition({"a\u3000b"}, {"ab"});
        QVERIFY(wide);
        QCOMPARE(wide->exact, size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestTextMetrics)
#include "test_text_metrics.moc"
