//! The one internal tokio runtime, installed when the addon loads. Its threads (the workers
//! and the blocking pool where SQLite writes) run at a lower scheduling priority than the JS
//! thread: ingestion is background work and must not take the CPU from the event loop.

use napi::bindgen_prelude::create_custom_tokio_runtime;

/// Nice value of the runtime's threads (the JS thread keeps 0).
const BACKGROUND_NICE: i32 = 10;

#[napi_derive::module_init]
fn install_runtime() {
  let runtime = tokio::runtime::Builder::new_multi_thread()
    .enable_all()
    .thread_name("auth-ingest")
    .on_thread_start(run_in_background)
    .build()
    .expect("cannot start the auth-ingest runtime");
  create_custom_tokio_runtime(runtime);
}

#[cfg(target_os = "linux")]
fn run_in_background() {
  // On Linux the nice value is per thread: this lowers only the thread being started.
  // Failure (a sandbox that forbids it) leaves the default priority, which is harmless.
  unsafe {
    let thread = libc::syscall(libc::SYS_gettid) as libc::id_t;
    libc::setpriority(libc::PRIO_PROCESS, thread, BACKGROUND_NICE);
  }
}

#[cfg(not(target_os = "linux"))]
fn run_in_background() {}
