fn main() {
  napi_build::setup();
  // Linux: the system calls that let our SQLite share a file with another copy of SQLite in
  // this process (src/store/sqlite/shared_file_locks.c).
  println!("cargo:rerun-if-changed=src/store/sqlite/shared_file_locks.c");
  if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
    cc::Build::new()
      .file("src/store/sqlite/shared_file_locks.c")
      .warnings(true)
      .extra_warnings(true)
      .warnings_into_errors(true)
      .compile("shared_file_locks");
  }
}
