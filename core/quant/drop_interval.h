#pragma once

// How much a drop measured on some of the samples says about the drop on all of them. A
// candidate is judged on a growing number of samples, in an order fixed per sample set; this
// bounds the drop all N samples will show, so that one clearly inside or clearly outside a limit
// can stop early and only those near it run on every sample.
//
// Two kinds of metric:
// - Answer metrics (classification top-1 or agreement, recognised text lines): a sample moves the
//   drop only where the quantized model's answer differs from the float model's, and then by at
//   most a known share. The drop of all samples is the judged samples' sum plus what the unjudged
//   ones can add: certainly between none and all of them changing, and, at the stated confidence,
//   as many as the exact (hypergeometric) interval of the set's number of changes allows — the
//   judged samples are drawn without replacement from the set, whose own drop is the question.
// - Ratio metrics (SQNR, detection hmean): the drop is a ratio of sums over the samples
//   (noise over signal; missed and spurious boxes over all), estimated from the judged samples
//   with the ratio estimator's normal interval and the finite-population correction. Such an
//   interval is only as good as its variance estimate, so it is never used to accept: a
//   candidate is confirmed within a limit only on every sample (a rejection is still made early,
//   when even the interval's low end is over the limit).

#include <optional>
#include <span>

namespace autosplit {

// One judged sample's part in an answer metric's drop.
struct AnswerEffect {
    bool changed = false; // the quantized answer differs from the float one
    double points = 0.0;  // what the sample adds to the drop (percentage points), 0 if unchanged
};

// One judged sample's part in a ratio metric: the drop over a set S of samples is
// offset + sign * 100 * sum_S numerator / sum_S denominator.
struct RatioTerms {
    double numerator = 0.0;
    double denominator = 0.0;
};

struct DropInterval {
    double low = 0.0;  // at the confidence
    double high = 0.0; // at the confidence
    // Whether a decision may rest on `low`/`high` before every sample is judged: an acceptance
    // (high <= limit) only for answer metrics; a rejection (low > limit) for both.
    bool mayAccept = false;
};

struct AnswerBounds {
    // The most one unjudged sample can add to (upper) or take from (lower, >= 0) the drop when its
    // answer changes: 100 / N for top-1 over N samples, that sample's line share for text.
    double mostAdded = 0.0;
    double mostTaken = 0.0;
    // A changed sample always adds `mostAdded` (agreement with the float model, where every
    // change is a disagreement): the low end then counts the fewest changes the rate allows.
    bool changeAlwaysAdds = false;
};

// The interval of the drop on all `total` samples from the judged ones' effects.
DropInterval answerDropInterval(std::span<const AnswerEffect> judged, int total,
                                const AnswerBounds& bounds, double confidence);

// The same for a ratio metric; `offset` and `sign` as RatioTerms says. With fewer than two judged
// samples, or all of them judged, the interval is the point estimate (then final) or everything.
DropInterval ratioDropInterval(std::span<const RatioTerms> judged, int total, double offset,
                               double sign, double confidence);

// How many of `total` samples have changed, knowing `changed` of `judged` drawn without
// replacement: every count whose hypergeometric tails at `changed` are both at least
// (1 - confidence) / 2 — the exact interval, which holds the count with the confidence.
struct CountBounds {
    int low = 0;
    int high = 0;
};
CountBounds changedCountBounds(int changed, int judged, int total, double confidence);

// A candidate's drop judged on some of the samples.
struct DropJudgement {
    double drop = 0.0;     // on the samples judged: the whole set's once every one is
    DropInterval interval; // the whole set's drop, at the confidence
    int samples = 0;       // judged
    int total = 0;
    bool isFinal() const { return samples >= total; }
};

// Where a judged drop stands against a limit.
enum class DropVerdict { Within, Beyond, Undecided };
DropVerdict verdictOf(const DropInterval& interval, double limit);

} // namespace autosplit
