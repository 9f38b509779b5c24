#pragma once

// One register function per kernel family (one file each under kernels/).

#include "../kernel.h"

namespace autosplit {

} // namespace autosplit
