#pragma once

// Round tick values for the charts' value axes: 1, 2 or 5 times a power of ten, and labels with
// as many decimals as the interval has — never "0.00000000004" nor a cut "3" for 3000.

class QValueAxis;

namespace autosplit {

// A tick interval of 1, 2 or 5 times a power of ten giving about `ticks` intervals over `span`.
double niceTickStep(double span, int ticks);

// How many tick intervals fit an axis `length` pixels long with whole labels side by side (a
// horizontal axis; a vertical one stacks labels two lines apart): 2 to 6.
int ticksThatFit(const QValueAxis* axis, double length, bool horizontal);

// Sets `axis` to exactly [lo, hi] with round ticks anchored at 0 and matching label decimals.
void setRoundTicks(QValueAxis* axis, double lo, double hi, int ticks = 6);

// An axis around [lo, hi] with `pad` of the span added on each side (for `fromZero` values
// never further below 0 than the pad); one value gets a range around it, all zeros [0, 1]
// (or [-1, 1]).
void fitValueAxis(QValueAxis* axis, double lo, double hi, bool fromZero, int ticks = 6,
                  double pad = 0.05);

} // namespace autosplit
