//! `getReport(start, end)` (SPEC 2.3): totals over the stored run history between two dates.

use serde::Serialize;
use serde_json::Value;

use crate::events::timestamp::parse_iso;

#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct RunReport {
  #[serde(rename = "type")]
  pub report_type: &'static str,
  pub processed: u64,
  pub warnings: u64,
  pub errors: u64,
  pub checkpoint: String,
}

/// Runs that started at or after `start_ms` and ended at or before `end_ms`. A document that
/// is not an object, a history (`logs`) that is not an array or a run that is not an object
/// is corrupt: an error saying which (no stored value in it).
pub fn run_report(document: &Value, start_ms: i64, end_ms: i64) -> Result<RunReport, String> {
  let mut report = RunReport {
    report_type: "report",
    ..RunReport::default()
  };
  let runs = match document {
    Value::Null => &[][..],
    Value::Object(document) => match document.get("logs") {
      None | Some(Value::Null) => &[][..],
      Some(Value::Array(runs)) => runs.as_slice(),
      Some(_) => return Err("The stored run history is corrupt: logs is not an array".to_owned()),
    },
    _ => return Err("The stored data is corrupt: it is not an object".to_owned()),
  };
  if let Some(index) = runs.iter().position(|run| !run.is_object()) {
    return Err(format!(
      "The stored run history is corrupt: run {index} is not an object"
    ));
  }
  for run in runs
    .iter()
    .filter(|run| time_of(run, "start") >= start_ms && time_of(run, "end") <= end_ms)
  {
    report.processed += run
      .get("logsProcessed")
      .and_then(Value::as_u64)
      .unwrap_or(0);
    report.checkpoint = run
      .get("checkpoint")
      .and_then(Value::as_str)
      .unwrap_or_default()
      .to_owned();
    report.errors += u64::from(is_set(run.get("error")));
    report.warnings += u64::from(is_set(run.get("warning")));
  }
  Ok(report)
}

/// A date as JS `new Date(value).getTime()` reads it for these fields: missing or null is 0.
fn time_of(run: &Value, key: &str) -> i64 {
  match run.get(key) {
    Some(Value::String(text)) => parse_iso(text).unwrap_or(i64::MIN),
    Some(Value::Number(number)) => number.as_f64().map_or(0, |millis| millis as i64),
    _ => 0,
  }
}

fn is_set(value: Option<&Value>) -> bool {
  !matches!(value, None | Some(Value::Null) | Some(Value::Bool(false)))
    && value != Some(&Value::String(String::new()))
}

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::json;

  #[test]
  fn sums_the_runs_inside_the_window() {
    let document = json!({"logs": [
      {"start": "2026-01-01T00:00:00.000Z", "end": "2026-01-01T00:00:20.000Z", "logsProcessed": 100, "checkpoint": "a"},
      {"start": "2026-01-02T00:00:00.000Z", "end": "2026-01-02T00:00:20.000Z", "logsProcessed": 50, "checkpoint": "b", "warning": "w"},
      {"start": "2026-01-03T00:00:00.000Z", "end": "2026-01-03T00:00:20.000Z", "logsProcessed": 7, "checkpoint": "c", "error": {"message": "x"}},
      {"start": "2026-02-01T00:00:00.000Z", "end": "2026-02-01T00:00:20.000Z", "logsProcessed": 1, "checkpoint": "d"}
    ]});
    let start = parse_iso("2026-01-02T00:00:00.000Z").unwrap();
    let end = parse_iso("2026-01-31T00:00:00.000Z").unwrap();
    let report = run_report(&document, start, end).unwrap();
    assert_eq!(
      report,
      RunReport {
        report_type: "report",
        processed: 57,
        warnings: 1,
        errors: 1,
        checkpoint: "c".into()
      }
    );
    assert_eq!(run_report(&json!({}), 0, end).unwrap().processed, 0);
    assert_eq!(run_report(&Value::Null, 0, end).unwrap().processed, 0);
  }

  #[test]
  fn a_corrupt_history_is_an_error() {
    assert_eq!(
      run_report(&json!({"logs": "x"}), 0, 1),
      Err("The stored run history is corrupt: logs is not an array".to_owned())
    );
    assert_eq!(
      run_report(&json!({"logs": [{}, 3]}), 0, 1),
      Err("The stored run history is corrupt: run 1 is not an object".to_owned())
    );
    assert!(run_report(&json!([1]), 0, 1).is_err());
  }
}
