//! Background work hands the CPU back between short slices of it.
//!
//! On Linux (EEVDF, ticks of 4 ms at HZ=250) a runtime thread that lands on the JS thread's
//! CPU can be given the CPU at a tick and keep it until the next one, even at `SCHED_IDLE`:
//! the JS thread then waits ~4 ms, an event-loop stall. A thread that yields sooner gives the
//! scheduler a chance to pick the JS thread again. Loops that run for more than a few hundred
//! microseconds of CPU (decoding a run of emissions, an SQLite transaction) call
//! [`cede_cpu`] between slices of ~0.1-0.5 ms. With nothing else waiting for the CPU it
//! returns at once (one system call, well under a microsecond).

/// Lets any thread waiting for this CPU run first.
pub fn cede_cpu() {
  std::thread::yield_now();
}

/// Rows a store encodes between two cedes: a few hundred microseconds of work.
pub const ROWS_PER_SLICE: usize = 256;

/// For a loop over rows: cedes the CPU after every [`ROWS_PER_SLICE`]th row (`row` counts
/// from 0).
pub fn cede_after_row(row: usize) {
  if (row + 1).is_multiple_of(ROWS_PER_SLICE) {
    cede_cpu();
  }
}
