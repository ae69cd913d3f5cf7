//! The engine on its own: a scripted fake store, hooks that record, and paused time (each
//! test's clock only moves when every task waits, so delays are exact and nothing is flaky).

mod fake_store;
mod harness;
mod recording_hooks;

mod attempted;
mod batching;
mod drain;
mod full_queue;
mod ordering;
mod outage;
mod retry;
mod shutdown;
mod split;
