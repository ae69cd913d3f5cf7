//! Sharing a database file with another copy of SQLite in this process: the application's
//! `better-sqlite3` or `node:sqlite` (each links its own SQLite, as we do).
//!
//! SQLite's unix VFS locks with POSIX advisory locks, which belong to the process: two copies
//! in one process never see each other's locks, and a `close()` by either drops the other's.
//! - **Linux**: our copy takes open-file-description locks, which do conflict with the other
//!   copy's POSIX locks, and never closes a file another descriptor of the process still has
//!   open (`shared_file_locks.c`). Both copies then lock each other out as two processes would.
//! - **Other Unix (macOS)**: no OFD locks. Opening a file that another descriptor of this
//!   process already has open is refused with an error that says what to do instead.
//! - **Windows**: locks belong to a file handle, so the two copies already see each other's.

use std::path::Path;

#[cfg(target_os = "linux")]
mod linux {
  use std::ffi::{c_char, c_int};
  use std::sync::Once;

  use rusqlite::ffi;

  extern "C" {
    fn auth_ingest_fcntl(fd: c_int, command: c_int, ...) -> c_int;
    fn auth_ingest_close(fd: c_int) -> c_int;
    #[cfg(test)]
    fn auth_ingest_parked_descriptors() -> usize;
    #[cfg(test)]
    fn auth_ingest_has_ofd_locks() -> c_int;
  }

  /// Replaces `name` in the unix VFS's system-call table (shared by all its variants).
  unsafe fn replace_system_call(name: &std::ffi::CStr, call: ffi::sqlite3_syscall_ptr) {
    let vfs = ffi::sqlite3_vfs_find(c"unix".as_ptr() as *const c_char);
    assert!(!vfs.is_null(), "SQLite has no unix VFS");
    let set = (*vfs)
      .xSetSystemCall
      .expect("the unix VFS replaces system calls");
    let result = set(vfs, name.as_ptr(), call);
    assert_eq!(result, ffi::SQLITE_OK, "SQLite refused to replace {name:?}");
  }

  pub fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| unsafe {
      // SAFETY: before any connection of ours exists (Once, called before every open), with
      // functions of the signatures SQLite calls them with: fcntl(int, int, ...), close(int).
      type Fcntl = unsafe extern "C" fn(c_int, c_int, ...) -> c_int;
      type Close = unsafe extern "C" fn(c_int) -> c_int;
      type SystemCall = unsafe extern "C" fn();
      let fcntl = std::mem::transmute::<Fcntl, SystemCall>(auth_ingest_fcntl);
      let close = std::mem::transmute::<Close, SystemCall>(auth_ingest_close);
      replace_system_call(c"fcntl", Some(fcntl));
      replace_system_call(c"close", Some(close));
    });
  }

  #[cfg(test)]
  pub fn parked_descriptors() -> usize {
    unsafe { auth_ingest_parked_descriptors() }
  }

  #[cfg(test)]
  pub fn has_ofd_locks() -> bool {
    unsafe { auth_ingest_has_ofd_locks() != 0 }
  }
}

/// Makes our SQLite safe beside another copy in this process, or says why `path` cannot be
/// shared here. Called before each connection is opened.
pub fn prepare(path: &Path) -> Result<(), String> {
  #[cfg(target_os = "linux")]
  {
    let _ = path;
    linux::install();
    Ok(())
  }
  #[cfg(all(unix, not(target_os = "linux")))]
  {
    if open_in_this_process(path) {
      return Err(format!(
        "{} is already open in this process (by better-sqlite3 or node:sqlite?). On {}, two \
         copies of SQLite in one process cannot lock one file against each other; give event \
         ingestion a file of its own (the default auth-events.db)",
        path.display(),
        std::env::consts::OS
      ));
    }
    Ok(())
  }
  #[cfg(windows)]
  {
    let _ = path;
    Ok(())
  }
}

/// Whether a descriptor of this process refers to the file at `path`.
#[cfg(unix)]
#[cfg_attr(target_os = "linux", allow(dead_code))]
#[allow(clippy::unnecessary_cast)] // st_dev and st_ino are not u64 everywhere (macOS: i32 st_dev)
pub fn open_in_this_process(path: &Path) -> bool {
  use std::os::unix::fs::MetadataExt;
  let Ok(file) = std::fs::metadata(path) else {
    return false;
  };
  let limit = unsafe { libc::getdtablesize() }.max(0);
  (0..limit).any(|fd| {
    let mut status = std::mem::MaybeUninit::<libc::stat>::uninit();
    if unsafe { libc::fstat(fd, status.as_mut_ptr()) } != 0 {
      return false;
    }
    let status = unsafe { status.assume_init() };
    status.st_dev as u64 == file.dev() && status.st_ino as u64 == file.ino()
  })
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
  use std::fs::File;
  use std::os::fd::AsRawFd;

  use super::linux::{has_ofd_locks, parked_descriptors};
  use super::*;

  fn lock(fd: i32, command: i32, kind: i32) -> i32 {
    let mut request: libc::flock = unsafe { std::mem::zeroed() };
    request.l_type = kind as _;
    request.l_whence = libc::SEEK_SET as _;
    request.l_start = 100;
    request.l_len = 1;
    unsafe { libc::fcntl(fd, command, &mut request) }
  }

  #[test]
  fn our_locks_conflict_with_posix_locks_of_this_process_and_survive_their_close() {
    let directory = tempfile_dir();
    let path = directory.join("locks.db");
    std::fs::write(&path, b"").unwrap();
    prepare(&path).unwrap();
    assert!(has_ofd_locks());
    let ours = File::open(&path).unwrap();
    // What SQLite does through its table: F_SETLK, which the table now sends as an OFD lock.
    let mut request: libc::flock = unsafe { std::mem::zeroed() };
    request.l_type = libc::F_RDLCK as _;
    request.l_start = 100;
    request.l_len = 1;
    let taken = unsafe { linux_fcntl(ours.as_raw_fd(), libc::F_SETLK, &mut request) };
    assert_eq!(taken, 0);
    // The other copy: a POSIX write lock on the same byte, through a descriptor of its own.
    let theirs = std::fs::OpenOptions::new()
      .read(true)
      .write(true)
      .open(&path)
      .unwrap();
    assert_eq!(lock(theirs.as_raw_fd(), libc::F_SETLK, libc::F_WRLCK), -1);
    // Another descriptor of theirs opened and closed (what better-sqlite3's close does).
    drop(File::open(&path).unwrap());
    assert_eq!(lock(theirs.as_raw_fd(), libc::F_SETLK, libc::F_WRLCK), -1);
    drop(ours);
    assert_eq!(lock(theirs.as_raw_fd(), libc::F_SETLK, libc::F_WRLCK), 0);
  }

  unsafe fn linux_fcntl(fd: i32, command: i32, request: *mut libc::flock) -> i32 {
    extern "C" {
      fn auth_ingest_fcntl(fd: i32, command: i32, ...) -> i32;
    }
    auth_ingest_fcntl(fd, command, request)
  }

  #[test]
  fn a_file_another_descriptor_has_open_is_parked_then_closed_once_that_one_closes() {
    extern "C" {
      fn auth_ingest_close(fd: i32) -> i32;
    }
    let directory = tempfile_dir();
    let path = directory.join("parked.db");
    std::fs::write(&path, b"").unwrap();
    let before = parked_descriptors();
    let theirs = File::open(&path).unwrap();
    let ours = std::os::fd::IntoRawFd::into_raw_fd(File::open(&path).unwrap());
    assert_eq!(unsafe { auth_ingest_close(ours) }, 0);
    assert_eq!(parked_descriptors(), before + 1);
    assert!(
      unsafe { libc::fcntl(ours, libc::F_GETFD) } >= 0,
      "still open"
    );
    drop(theirs);
    assert_eq!(parked_descriptors(), before);
    assert!(!open_in_this_process(&path));
  }

  fn tempfile_dir() -> std::path::PathBuf {
    let directory = std::env::temp_dir().join(format!(
      "auth-ingest-shared-file-{}-{}",
      std::process::id(),
      fastrand::u64(..)
    ));
    std::fs::create_dir_all(&directory).unwrap();
    directory
  }
}
