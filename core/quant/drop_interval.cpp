#include "core/quant/drop_interval.h"

#include <boost/math/distributions/hypergeometric.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace autosplit {

CountBounds changedCountBounds(int changed, int judged, int total, double confidence) {
    CountBounds c{changed, changed + std::max(0, total - judged)};
    if (judged <= 0 || judged >= total)
        return c;
    const double tail = (1.0 - std::clamp(confidence, 0.0, 1.0)) / 2.0;
    // a count t is plausible while drawing `changed` or fewer, and `changed` or more, out of
    // `judged` from a set with t changes both keep at least the tail's probability
    auto plausible = [&](int t) {
        const boost::math::hypergeometric_distribution<double> draw(
            static_cast<unsigned>(t), static_cast<unsigned>(judged), static_cast<unsigned>(total));
        // the draw's support is [max(0, judged + t - total), min(judged, t)]; Boost refuses
        // points outside it, where the tails are 0 or 1
        const int first = std::max(0, judged + t - total), last = std::min(judged, t);
        if (changed < first || changed > last)
            return false;
        const double atMost =
            changed == last ? 1.0 : boost::math::cdf(draw, static_cast<unsigned>(changed));
        const double atLeast = changed == first ? 1.0
                                                : boost::math::cdf(boost::math::complement(
                                                      draw, static_cast<unsigned>(changed - 1)));
        return atMost >= tail && atLeast >= tail;
    };
    int low = c.high + 1, high = c.low - 1;
    for (int t = c.low; t <= c.high; ++t)
        if (plausible(t)) {
            low = std::min(low, t);
            high = std::max(high, t);
        }
    if (low <= high) {
        c.low = low;
        c.high = high;
    }
    return c;
}

DropInterval answerDropInterval(std::span<const AnswerEffect> judged, int total,
                                const AnswerBounds& bounds, double confidence) {
    double sum = 0.0;
    int changed = 0;
    for (const AnswerEffect& e : judged) {
        sum += e.points;
        changed += e.changed ? 1 : 0;
    }
    const int k = static_cast<int>(judged.size());
    const double unjudged = std::max(0, total - k);
    DropInterval d;
    d.mayAccept = true;
    // certainly: none to all of the unjudged samples change
    double high = sum + unjudged * bounds.mostAdded;
    double low = bounds.changeAlwaysAdds ? sum : sum - unjudged * bounds.mostTaken;
    if (k > 0 && unjudged > 0) {
        const CountBounds count = changedCountBounds(changed, k, total, confidence);
        const double most = count.high - changed, least = count.low - changed;
        high = std::min(high, sum + most * bounds.mostAdded);
        low = std::max(low, bounds.changeAlwaysAdds ? sum + least * bounds.mostAdded
                                                    : sum - most * bounds.mostTaken);
    }
    d.low = low;
    d.high = high;
    return d;
}

DropInterval ratioDropInterval(std::span<const RatioTerms> judged, int total, double offset,
                               double sign, double confidence) {
    const int k = static_cast<int>(judged.size());
    double a = 0.0, b = 0.0;
    for (const RatioTerms& t : judged) {
        a += t.numerator;
        b += t.denominator;
    }
    DropInterval d;
    const double ratio = b > 0.0 ? a / b : 0.0;
    if (k >= total) {
        d.low = d.high = offset + sign * 100.0 * ratio;
        d.mayAccept = true;
        return d;
    }
    if (k < 2 || !(b > 0.0)) {
        d.low = -std::numeric_limits<double>::infinity();
        d.high = std::numeric_limits<double>::infinity();
        return d;
    }
    // the ratio estimator's variance with the finite-population correction (Cochran, Sampling
    // Techniques, 6.9): (1 - k/N) / (k * mean(b)^2) * var(a - R b)
    double residual = 0.0;
    for (const RatioTerms& t : judged) {
        const double e = t.numerator - ratio * t.denominator;
        residual += e * e;
    }
    residual /= k - 1;
    const double meanB = b / k;
    const double fpc = 1.0 - static_cast<double>(k) / static_cast<double>(total);
    const double se = std::sqrt(fpc * residual / (k * meanB * meanB));
    const double t = boost::math::quantile(boost::math::students_t_distribution<double>(k - 1),
                                           0.5 + std::clamp(confidence, 0.0, 0.999999) / 2.0);
    const double lowRatio = std::max(0.0, ratio - t * se), highRatio = ratio + t * se;
    const double x = offset + sign * 100.0 * lowRatio, y = offset + sign * 100.0 * highRatio;
    d.low = std::min(x, y);
    d.high = std::max(x, y);
    return d;
}

DropVerdict verdictOf(const DropInterval& interval, double limit) {
    if (interval.low > limit)
        return DropVerdict::Beyond;
    if (interval.mayAccept && interval.high <= limit)
        return DropVerdict::Within;
    return DropVerdict::Undecided;
}

} // namespace autosplit
