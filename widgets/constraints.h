#pragma once

#include "core/cost/uplink.h"

#include <QMetaType>
#include <QString>

#include <cstdint>

namespace autosplit {

// What the constraint panel asks of a solve, as the user set it: the edge memory limit M_edge,
// the uplink (rate from the slider; round-trip time and per-message overhead from the network
// preset), the accuracy-drop tolerance, and the preset names of the edge device, cloud device and
// network. A plain value; the engine turns it into device profiles and SolveConstraints.
struct Constraints {
    int64_t edgeMemoryBytes = 4 * 1024 * 1024;
    Uplink uplink;
    double maxAccuracyDrop = 1.0; // percentage points
    QString edgeDevice;
    QString cloudDevice;
    QString network; // the preset the round-trip time and overhead come from; empty: none

    bool operator==(const Constraints& other) const {
        return edgeMemoryBytes == other.edgeMemoryBytes &&
               uplink.bitsPerSecond == other.uplink.bitsPerSecond &&
               uplink.roundTripSeconds == other.uplink.roundTripSeconds &&
               uplink.overheadBytesPerMessage == other.uplink.overheadBytesPerMessage &&
               maxAccuracyDrop == other.maxAccuracyDrop && edgeDevice == other.edgeDevice &&
               cloudDevice == other.cloudDevice && network == other.network;
    }
};

} // namespace autosplit

Q_DECLARE_METATYPE(autosplit::Constraints)
