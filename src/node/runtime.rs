//! The one internal tokio runtime, installed when the addon loads. Its threads (the workers
//! and the blocking pool where SQLite writes) are background work: they must not take the CPU
//! from the JS thread, so each lowers its own scheduling priority as it starts.
//!
//! `AUTH_INGEST_THREAD_PRIORITY` chooses how far (read once, when the addon loads):
//! - `idle` (the default): Linux's `SCHED_IDLE`. The threads run on CPU time nothing else
//!   wants; a JS thread that wakes takes the CPU back at once. With the threads also ceding the
//!   CPU between slices of work (`crate::cede`), 20 rounds of 100,000 events into SQLite on a
//!   2-core VM saw 2 event-loop delays over 5 ms, against 7 at `background` and 18 at
//!   `normal`. On a host saturated by other work they run little: `emitEvent` then waits for
//!   queue room (backpressure); nothing is dropped.
//! - `background`: nice 10, a smaller share of a busy CPU but a steady one.
//! - `normal`: the priority Node's own threads have.
//!
//! Elsewhere than Linux the threads keep the default priority.
//!
//! The engines, their stores and timers run on [`runtime()`], built once and never shut down:
//! events a worker thread had accepted are still written after that thread ends, even when it
//! was the last environment using the addon. (napi-rs shuts the runtime it drives `async`
//! methods on down at that moment; that one gets the same threads' settings, one worker.)

use std::sync::OnceLock;

use napi::bindgen_prelude::create_custom_tokio_runtime;
use tokio::runtime::{Builder, Handle, Runtime};

/// The environment variable that chooses the runtime threads' priority.
const PRIORITY_VARIABLE: &str = "AUTH_INGEST_THREAD_PRIORITY";

/// Nice value of the threads under `background` (the JS thread keeps 0).
const BACKGROUND_NICE: i32 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ThreadPriority {
  Idle,
  Background,
  Normal,
}

impl ThreadPriority {
  /// The priority `value` names; an unknown one keeps the default, with a warning (the
  /// addon is loading: there is no call to throw from).
  fn from_setting(value: Option<&str>) -> Self {
    match value.map(str::trim) {
      None | Some("") | Some("idle") => Self::Idle,
      Some("background") => Self::Background,
      Some("normal") => Self::Normal,
      Some(other) => {
        eprintln!(
          "auth-ingest: {PRIORITY_VARIABLE}={other:?} is not one of idle, background, normal; using idle"
        );
        Self::Idle
      }
    }
  }
}

static RUNTIME: OnceLock<Runtime> = OnceLock::new();

fn builder(priority: ThreadPriority) -> Builder {
  let mut builder = Builder::new_multi_thread();
  builder
    .enable_all()
    .thread_name("auth-ingest")
    .on_thread_start(move || lower_this_thread(priority));
  builder
}

fn priority() -> ThreadPriority {
  static PRIORITY: OnceLock<ThreadPriority> = OnceLock::new();
  *PRIORITY.get_or_init(|| {
    let setting = std::env::var(PRIORITY_VARIABLE).ok();
    ThreadPriority::from_setting(setting.as_deref())
  })
}

/// The runtime the engines and stores run on, for the life of the process.
pub fn runtime() -> &'static Handle {
  RUNTIME
    .get_or_init(|| {
      builder(priority())
        .build()
        .expect("cannot start the auth-ingest runtime")
    })
    .handle()
}

#[napi_derive::module_init]
fn install_runtime() {
  runtime();
  let for_napi = builder(priority())
    .worker_threads(1)
    .build()
    .expect("cannot start the auth-ingest runtime");
  create_custom_tokio_runtime(for_napi);
}

/// Applies `priority` to the calling thread only (on Linux, policy and nice value are per
/// thread). Failure (a sandbox that forbids it) leaves the default, which is harmless.
#[cfg(target_os = "linux")]
fn lower_this_thread(priority: ThreadPriority) {
  // SAFETY: plain system calls on the calling thread (pid 0 / its own tid), no pointers kept.
  unsafe {
    match priority {
      ThreadPriority::Idle => {
        let parameters = libc::sched_param { sched_priority: 0 };
        libc::sched_setscheduler(0, libc::SCHED_IDLE, &parameters);
      }
      ThreadPriority::Background => {
        let thread = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, thread, BACKGROUND_NICE);
      }
      ThreadPriority::Normal => {}
    }
  }
}

#[cfg(not(target_os = "linux"))]
fn lower_this_thread(_priority: ThreadPriority) {}

#[cfg(test)]
mod tests {
  use super::ThreadPriority;

  #[test]
  fn the_setting_names_a_priority_and_defaults_to_idle() {
    let cases = [
      (None, ThreadPriority::Idle),
      (Some(""), ThreadPriority::Idle),
      (Some("idle"), ThreadPriority::Idle),
      (Some(" background "), ThreadPriority::Background),
      (Some("normal"), ThreadPriority::Normal),
      (Some("realtime"), ThreadPriority::Idle),
    ];
    for (setting, expected) in cases {
      assert_eq!(
        ThreadPriority::from_setting(setting),
        expected,
        "{setting:?}"
      );
    }
  }
}
