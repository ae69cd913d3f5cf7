//! Millisecond timestamps and their one text form: JS `Date#toISOString()`.

use chrono::{DateTime, SecondsFormat, Utc};

/// `2026-11-22T18:02:14.317Z`, exactly as JavaScript writes it.
pub fn to_iso(millis: i64) -> String {
  DateTime::<Utc>::from_timestamp_millis(millis)
    .unwrap_or_default()
    .to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses an RFC 3339 / ISO-8601 date-time (as `Date#toISOString()` or a database writes it).
pub fn parse_iso(text: &str) -> Option<i64> {
  DateTime::parse_from_rfc3339(text)
    .ok()
    .map(|moment| moment.timestamp_millis())
}

pub fn now_millis() -> i64 {
  Utc::now().timestamp_millis()
}

/// Serde adapter: an `i64` of milliseconds written as an ISO string; reads an ISO string
/// or a number of milliseconds.
pub mod iso_millis {
  use serde::de::Error;
  use serde::{Deserialize, Deserializer, Serializer};

  pub fn serialize<S: Serializer>(millis: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&super::to_iso(*millis))
  }

  pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Moment {
      Millis(f64),
      Text(String),
    }
    match Moment::deserialize(deserializer)? {
      Moment::Millis(millis) => Ok(millis as i64),
      Moment::Text(text) => super::parse_iso(&text)
        .ok_or_else(|| D::Error::custom(format!("invalid timestamp: {text}"))),
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn writes_like_javascript() {
    assert_eq!(to_iso(1_795_370_534_317), "2026-11-22T18:02:14.317Z");
    assert_eq!(to_iso(0), "1970-01-01T00:00:00.000Z");
    assert_eq!(
      parse_iso("2026-11-22T18:02:14.317Z"),
      Some(1_795_370_534_317)
    );
    assert_eq!(
      parse_iso("2026-11-22T19:02:14.317+01:00"),
      Some(1_795_370_534_317)
    );
  }
}
