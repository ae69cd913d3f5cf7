//! The event model: what `emitEvent` builds and every store writes.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::metadata::Metadata;
use super::timestamp;

/// Outcome of the authentication step an event records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
  #[default]
  Success,
  Failed,
}

impl EventStatus {
  pub fn as_str(self) -> &'static str {
    match self {
      Self::Success => "success",
      Self::Failed => "failed",
    }
  }

  pub fn parse(text: &str) -> Option<Self> {
    match text {
      "success" => Some(Self::Success),
      "failed" => Some(Self::Failed),
      _ => None,
    }
  }
}

/// How an event is shown in a dashboard; also what `getStats` counts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
  Success,
  Failed,
  Warning,
  Info,
}

impl Severity {
  pub fn as_str(self) -> &'static str {
    match self {
      Self::Success => "success",
      Self::Failed => "failed",
      Self::Warning => "warning",
      Self::Info => "info",
    }
  }

  pub fn parse(text: &str) -> Option<Self> {
    match text {
      "success" => Some(Self::Success),
      "failed" => Some(Self::Failed),
      "warning" => Some(Self::Warning),
      "info" => Some(Self::Info),
      _ => None,
    }
  }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Display {
  pub message: String,
  pub severity: Severity,
}

impl Display {
  /// As read back from a store: a row without display columns (written by other code) shows
  /// its type, with severity info.
  pub fn from_stored(message: Option<String>, severity: Option<&str>, event_type: &str) -> Self {
    Self {
      message: message.unwrap_or_else(|| event_type.to_owned()),
      severity: severity.and_then(Severity::parse).unwrap_or(Severity::Info),
    }
  }
}

/// `AuthEvent` of SPEC 1.3. Serialized with the camelCase names of the JS type and
/// `timestamp` as an ISO-8601 string (the HTTPS body; JS receives `node::event_values`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthEvent {
  pub id: Uuid,
  #[serde(rename = "type")]
  pub event_type: String,
  #[serde(with = "timestamp::iso_millis")]
  pub timestamp: i64,
  pub status: EventStatus,
  #[serde(default)]
  pub user_id: Option<String>,
  #[serde(default)]
  pub session_id: Option<String>,
  #[serde(default)]
  pub organization_id: Option<String>,
  #[serde(default = "Metadata::empty")]
  pub metadata: Metadata,
  #[serde(default)]
  pub ip_address: Option<String>,
  #[serde(default)]
  pub user_agent: Option<String>,
  #[serde(default = "default_source")]
  pub source: String,
  pub display: Display,
}

pub fn default_source() -> String {
  "app".to_owned()
}
