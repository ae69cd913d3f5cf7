//! Where the pager and processor report progress: the user's `logger` (`debug`/`info`/`error`).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogLevel {
  Debug,
  Info,
  Error,
}

impl LogLevel {
  pub fn as_str(self) -> &'static str {
    match self {
      Self::Debug => "debug",
      Self::Info => "info",
      Self::Error => "error",
    }
  }
}

pub trait RunLogger: Send + Sync {
  fn log(&self, level: LogLevel, message: String);
}

/// Used when the user gives no logger.
pub struct SilentLogger;

impl RunLogger for SilentLogger {
  fn log(&self, _level: LogLevel, _message: String) {}
}
