//! One Auth0 log as served: the raw JSON kept untouched for the user, plus the few fields the
//! pager and processor read (`_id`, `type`, `date`).

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::events::timestamp::parse_iso;

/// One log as served. Its few read fields are parsed on demand: most logs are only passed on.
#[derive(Clone, Debug)]
pub struct LogEntry {
  pub raw: Box<RawValue>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogHead {
  pub id: String,
  pub log_type: Option<String>,
  /// `date` in milliseconds since the epoch, when it parses.
  pub date: Option<i64>,
}

#[derive(Deserialize)]
struct RawHead<'a> {
  #[serde(rename = "_id", borrow)]
  id: Option<Cow<'a, str>>,
  #[serde(borrow)]
  log_id: Option<Cow<'a, str>>,
  #[serde(rename = "type", borrow)]
  log_type: Option<Cow<'a, str>>,
  #[serde(borrow)]
  date: Option<Cow<'a, str>>,
}

impl LogEntry {
  /// `_id` (or `log_id`), `type` and `date`; an error when the log has no id.
  pub fn head(&self) -> Result<LogHead, String> {
    let head: RawHead = serde_json::from_str(self.raw.get())
      .map_err(|err| format!("a log is not a JSON object ({err})"))?;
    let id = head
      .id
      .or(head.log_id)
      .ok_or_else(|| "a log has no _id".to_owned())?;
    Ok(LogHead {
      id: id.into_owned(),
      log_type: head.log_type.map(Cow::into_owned),
      date: head.date.as_deref().and_then(parse_iso),
    })
  }
}

/// Parses a `GET /api/v2/logs` body: a JSON array of objects. Anything else is an error
/// naming what was wrong.
pub fn parse_logs(body: &[u8]) -> Result<Vec<LogEntry>, String> {
  let raws: Vec<Box<RawValue>> = serde_json::from_slice(body)
    .map_err(|err| format!("the body is not a JSON array of logs ({err})"))?;
  if raws.iter().any(|raw| !raw.get().starts_with('{')) {
    return Err("a log is not a JSON object".to_owned());
  }
  Ok(raws.into_iter().map(|raw| LogEntry { raw }).collect())
}

/// The logs as one JSON array, written from the raw text (no re-encoding).
pub fn logs_to_json<'a>(logs: impl IntoIterator<Item = &'a LogEntry>) -> String {
  let mut json = String::from("[");
  for (index, log) in logs.into_iter().enumerate() {
    if index > 0 {
      json.push(',');
    }
    json.push_str(log.raw.get());
  }
  json.push(']');
  json
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn keeps_the_raw_log_and_reads_its_head() {
    let body =
      br#"[{"_id":"9001","type":"s","date":"2026-01-02T03:04:05.678Z","details":{"a":[1]}}]"#;
    let logs = parse_logs(body).unwrap();
    let head = logs[0].head().unwrap();
    assert_eq!(head.id, "9001");
    assert_eq!(head.log_type.as_deref(), Some("s"));
    assert_eq!(head.date, parse_iso("2026-01-02T03:04:05.678Z"));
    assert_eq!(logs_to_json(&logs), std::str::from_utf8(body).unwrap());
  }

  #[test]
  fn falls_back_to_log_id() {
    assert_eq!(
      parse_logs(br#"[{"log_id":"7"}]"#).unwrap()[0]
        .head()
        .unwrap()
        .id,
      "7"
    );
  }

  #[test]
  fn rejects_what_is_not_a_log_array() {
    assert!(parse_logs(b"<html>maintenance</html>").is_err());
    assert!(parse_logs(br#"[{"_id":"1"},{"_id":"#).is_err());
    assert!(parse_logs(br#"{"logs":[]}"#).is_err());
    assert!(parse_logs(br#"[{"type":"s"}]"#).unwrap()[0].head().is_err());
    assert!(parse_logs(br#"[1]"#).is_err());
    assert_eq!(logs_to_json(&parse_logs(b"[]").unwrap()), "[]");
  }
}
