//! Auth0 logs as auth events (SPEC 2.5): the log type decides the event type and status, the
//! raw log is kept in `metadata.auth0`, and the event id is derived from the log's `_id`, so a
//! batch shipped twice writes each event once (stores skip an existing id).
//!

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};
use uuid::{Builder, Uuid};

use crate::events::display::display_for;
use crate::events::metadata::Metadata;
use crate::events::model::{AuthEvent, EventStatus};
use crate::events::timestamp::parse_iso;

/// The Auth0 log type table shipped with the package (also `logTypes` in JS).
const LOG_TYPES_JSON: &str = include_str!("../../lib/auth0/log-types.json");

pub const EVENT_SOURCE: &str = "auth0";

/// Auth0 log type code → (event type, whether the code records a success).
fn mapped_event(code: &str) -> Option<(&'static str, bool)> {
  Some(match code {
    "s" | "ssa" | "scoa" => ("user.logged_in", true),
    "f" | "fp" | "fu" | "fsa" | "fcoa" => ("user.logged_in", false),
    "ss" => ("user.joined", true),
    "fs" => ("user.joined", false),
    "slo" => ("user.logged_out", true),
    "flo" => ("user.logged_out", false),
    "scp" => ("user.password_changed", true),
    "fcp" => ("user.password_changed", false),
    "scpr" => ("password.reset_requested", true),
    "fcpr" => ("password.reset_requested", false),
    "sv" => ("user.email_verified", true),
    "fv" => ("user.email_verified", false),
    "du" | "sdu" => ("user.deleted", true),
    "fdu" => ("user.deleted", false),
    "sce" | "scu" | "scpn" => ("user.updated", true),
    "fce" | "fcu" | "fcpn" => ("user.updated", false),
    "limit_wc" => ("user.banned", true),
    "ublkdu" => ("user.unbanned", true),
    _ => return None,
  })
}

/// Unmapped codes keep their code as event type; they are failures when Auth0 files them as errors.
fn is_error_code(code: &str) -> bool {
  #[derive(Deserialize)]
  struct LogType {
    code: String,
    severity: String,
  }
  static ERROR_CODES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
  ERROR_CODES
    .get_or_init(|| {
      let table: Vec<LogType> =
        serde_json::from_str(LOG_TYPES_JSON).expect("the log type table is valid JSON");
      table
        .into_iter()
        .filter(|entry| entry.severity == "error")
        .map(|entry| entry.code)
        .collect()
    })
    .iter()
    .any(|known| known == code)
}

#[derive(Deserialize)]
struct AuthLog {
  #[serde(rename = "_id")]
  id: Option<String>,
  log_id: Option<String>,
  #[serde(rename = "type")]
  code: Option<String>,
  date: Option<String>,
  user_id: Option<String>,
  user_name: Option<String>,
  organization_id: Option<String>,
  ip: Option<String>,
  user_agent: Option<String>,
}

/// The event id of a log: a UUIDv8 whose first 48 bits are the log's date in milliseconds (so
/// ids sort by time like the UUIDv7 of other events) and whose rest is a SHA-1 of its `_id`.
pub fn event_id_for_log(log_id: &str, date_ms: i64) -> Uuid {
  let digest = sha1_smol::Sha1::from(log_id.as_bytes()).digest().bytes();
  let mut bytes = [0u8; 16];
  bytes[..6].copy_from_slice(&(date_ms.max(0) as u64).to_be_bytes()[2..]);
  bytes[6..].copy_from_slice(&digest[..10]);
  Builder::from_custom_bytes(bytes).into_uuid()
}

/// The auth event of a raw Auth0 log.
pub fn event_for_log(raw: &RawValue) -> Result<AuthEvent, String> {
  let log: AuthLog =
    serde_json::from_str(raw.get()).map_err(|err| format!("not an Auth0 log: {err}"))?;
  let id = log.id.or(log.log_id).ok_or("an Auth0 log without _id")?;
  let code = log.code.unwrap_or_default();
  let timestamp = log
    .date
    .as_deref()
    .and_then(parse_iso)
    .ok_or_else(|| format!("the Auth0 log {id} has no valid date"))?;
  let (event_type, success) = match mapped_event(&code) {
    Some(mapped) => mapped,
    None => (code.as_str(), !is_error_code(&code)),
  };
  let status = if success {
    EventStatus::Success
  } else {
    EventStatus::Failed
  };
  let mut metadata = json!({ "auth0": raw });
  if let Some(user_name) = log.user_name {
    let subject_key = if user_name.contains('@') {
      "email"
    } else {
      "name"
    };
    metadata[subject_key] = Value::String(user_name);
  }
  Ok(AuthEvent {
    id: event_id_for_log(&id, timestamp),
    display: display_for(event_type, status, &metadata),
    event_type: event_type.to_owned(),
    timestamp,
    status,
    user_id: log.user_id,
    session_id: None,
    organization_id: log.organization_id,
    metadata: Metadata::from_value(&metadata),
    ip_address: log.ip,
    user_agent: log.user_agent,
    source: EVENT_SOURCE.to_owned(),
  })
}

/// The auth events of a JSON array of Auth0 logs, in order.
pub fn events_for_logs(logs_json: &str) -> Result<Vec<AuthEvent>, String> {
  let logs: Vec<Box<RawValue>> = serde_json::from_str(logs_json)
    .map_err(|err| format!("expected an array of Auth0 logs: {err}"))?;
  logs.iter().map(|log| event_for_log(log)).collect()
}

#[cfg(test)]
mod tests {
  use super::*;

  const LOGIN: &str = r#"{"_id":"90020260102030405000000000000000001","type":"s","date":"2026-01-02T03:04:05.000Z","user_id":"auth0|1","user_name":"ada@example.com","ip":"10.0.0.1","user_agent":"UA","client_id":"c"}"#;

  #[test]
  fn a_success_login_is_a_logged_in_event() {
    let events = events_for_logs(&format!("[{LOGIN}]")).unwrap();
    let event = &events[0];
    assert_eq!(event.event_type, "user.logged_in");
    assert_eq!(event.status, EventStatus::Success);
    assert_eq!(event.user_id.as_deref(), Some("auth0|1"));
    assert_eq!(event.ip_address.as_deref(), Some("10.0.0.1"));
    assert_eq!(event.source, "auth0");
    assert_eq!(
      event.timestamp,
      parse_iso("2026-01-02T03:04:05.000Z").unwrap()
    );
    assert_eq!(event.metadata.to_value()["email"], "ada@example.com");
    assert_eq!(event.metadata.to_value()["auth0"]["client_id"], "c");
    assert_eq!(
      event.display,
      display_for(
        "user.logged_in",
        EventStatus::Success,
        &event.metadata.fields()
      )
    );
  }

  #[test]
  fn the_id_is_the_same_for_the_same_log_and_sorts_by_date() {
    let first = event_id_for_log("a", 1_000);
    assert_eq!(first, event_id_for_log("a", 1_000));
    assert_ne!(first, event_id_for_log("b", 1_000));
    assert!(first < event_id_for_log("a", 1_001));
    assert_eq!(first.get_version_num(), 8);
  }

  #[test]
  fn failures_and_unmapped_codes() {
    let status_of = |code: &str| {
      let raw = format!(r#"{{"_id":"1","type":"{code}","date":"2026-01-02T03:04:05.000Z"}}"#);
      let event = event_for_log(&RawValue::from_string(raw).unwrap()).unwrap();
      (event.event_type, event.status)
    };
    assert_eq!(
      status_of("fp"),
      ("user.logged_in".into(), EventStatus::Failed)
    );
    assert_eq!(
      status_of("sdu"),
      ("user.deleted".into(), EventStatus::Success)
    );
    assert_eq!(
      status_of("gd_auth_failed"),
      ("gd_auth_failed".into(), EventStatus::Failed)
    );
    assert_eq!(status_of("sapi"), ("sapi".into(), EventStatus::Success));
  }

  #[test]
  fn the_shipped_table_has_98_codes() {
    let table: Vec<Value> = serde_json::from_str(LOG_TYPES_JSON).unwrap();
    assert_eq!(table.len(), 98);
  }
}
