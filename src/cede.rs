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
