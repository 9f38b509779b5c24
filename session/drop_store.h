#pragma once

// Measured drops kept on disk beside the calibration cache, so that opening the same model on the
// same samples again shows the drops measured last time at once instead of evaluating the
// candidates anew. Keyed by everything a drop depends on: the calibration's key (model, graph,
// samples, calibration settings), the task metric and the samples' truth. A damaged or foreign
// file is ignored, never trusted.

#include "session/solve_session.h"

#include <QString>

namespace autosplit::session {

// What the drops of `session` are valid for (calibration, metric, truth), as hex: the file name
// of its store, and what an exploration file checks before it brings drops back.
QString dropStoreKey(const SolveSession& session);

// Where the drops of `session` are kept (under the user's cache folder).
QString dropStorePath(const SolveSession& session);

// Adds the drops stored for `session` to session.drops; how many there were.
size_t loadStoredDrops(const SolveSession& session);

// Writes session.drops whole (atomically); false when the file cannot be written.
bool storeDrops(const SolveSession& session);

} // namespace autosplit::session
