//! A run logger for tests: keeps every line.

use std::sync::Mutex;

use crate::auth0::run_logger::{LogLevel, RunLogger};

#[derive(Default)]
pub struct RecordingLogger {
  lines: Mutex<Vec<(LogLevel, String)>>,
}

impl RecordingLogger {
  pub fn has(&self, level: LogLevel, line: &str) -> bool {
    self
      .lines
      .lock()
      .unwrap()
      .iter()
      .any(|(at, text)| *at == level && text == line)
  }

  pub fn lines(&self) -> Vec<(LogLevel, String)> {
    self.lines.lock().unwrap().clone()
  }
}

impl RunLogger for RecordingLogger {
  fn log(&self, level: LogLevel, message: String) {
    self.lines.lock().unwrap().push((level, message));
  }
}
