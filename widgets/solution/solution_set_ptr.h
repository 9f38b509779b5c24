#pragma once

// A solution as the views share it: immutable, handed over whole from the engine's workers.

#include "core/solve/solution_set.h"

#include <QMetaType>

#include <memory>

namespace autosplit {

using SolutionSetPtr = std::shared_ptr<const SolutionSet>;

} // namespace autosplit

Q_DECLARE_METATYPE(autosplit::SolutionSetPtr)
