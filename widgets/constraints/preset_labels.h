#pragma once

// How device and network profiles read in the constraint panel's pickers: the profile's title
// (or its name) and the figures that matter when choosing one, all taken from the profile data,
// so a preset and a user's file read alike ("3G (HSPA) — 3 Mbit/s up, 100 ms round trip").

#include "core/cost/uplink.h"

// Generated from profiles.proto into the build tree.
#include "core/cost/profiles.pb.h"

#include <QString>

namespace autosplit {

// "HiSilicon Hi3516E camera SoC — 128 MiB, 100 GMAC/s, INT8"
QString deviceLabel(const profiles::DeviceProfile& profile);
// "3G (HSPA) — 3 Mbit/s up, 100 ms round trip"
QString networkLabel(const profiles::NetworkProfile& profile);
// "3 Mbit/s up, 100 ms round trip" / "100 Mbit/s up, no round trip"
QString uplinkFigures(const Uplink& uplink);
// A compact binary-unit figure: "3 Mbit/s", "1.5 Mbit/s", "128 MiB".
QString compactBytes(double bytes);
QString compactRate(double bitsPerSecond);
// "100 ms", "0.5 ms"
QString compactMs(double seconds);

} // namespace autosplit
