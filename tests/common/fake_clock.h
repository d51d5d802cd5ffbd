// A clock the test moves by hand, for the Notebook's timers and file dates.
#pragma once
#include <cstdint>

#include "core/notebook.h"

namespace sheaf::test {

struct FakeClock {
  double t = 100.0;                // seconds, for timers
  int64_t ms = 1'767'225'600'000;  // wall clock: 2026-01-01
  NotebookClock clock() {
    return NotebookClock{[this] { return t; }, [this] { return ms; }};
  }
};

}  // namespace sheaf::test
