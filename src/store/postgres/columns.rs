//! An `AuthEvent` as the PostgreSQL columns of SPEC 1.7 (`EVENT_COLUMNS`, in that order) and
//! back: the one place that knows the column types.

use std::borrow::Cow;
use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tokio_postgres::types::{Json, ToSql, Type};
use tokio_postgres::Row;

use crate::events::metadata::Metadata;
use crate::events::model::{AuthEvent, Display, EventStatus};

/// The types of `EVENT_COLUMNS` as the binary COPY writes them.
pub const COLUMN_TYPES: [Type; 13] = [
  Type::UUID,
  Type::VARCHAR,
  Type::TIMESTAMPTZ,
  Type::VARCHAR,
  Type::VARCHAR,
  Type::VARCHAR,
  Type::VARCHAR,
  Type::JSONB,
  Type::INET,
  Type::TEXT,
  Type::VARCHAR,
  Type::TEXT,
  Type::VARCHAR,
];

/// One event's column values, borrowing from the event where it can.
pub struct EventColumns<'a> {
  event: &'a AuthEvent,
  timestamp: SystemTime,
  status: &'static str,
  /// Sent as the JSON text it is (JSONB's binary form is a version byte and the text).
  metadata: Json<Cow<'a, Metadata>>,
  ip_address: Option<IpAddr>,
  severity: &'static str,
}

impl<'a> EventColumns<'a> {
  /// An `ipAddress` that is not an IP is stored as NULL and kept in `metadata.ipAddress`,
  /// so one malformed header does not fail the batch.
  pub fn new(event: &'a AuthEvent) -> Self {
    let ip_address = event
      .ip_address
      .as_deref()
      .and_then(|text| text.trim().parse().ok());
    let kept = match (&event.ip_address, ip_address) {
      (Some(given), None) => with_ip_address(&event.metadata, given),
      _ => None,
    };
    let metadata = Json(kept.map_or(Cow::Borrowed(&event.metadata), Cow::Owned));
    Self {
      event,
      timestamp: from_millis(event.timestamp),
      status: event.status.as_str(),
      metadata,
      ip_address,
      severity: event.display.severity.as_str(),
    }
  }

  pub fn values(&self) -> [&(dyn ToSql + Sync); 13] {
    let event = self.event;
    [
      &event.id,
      &event.event_type,
      &self.timestamp,
      &self.status,
      &event.user_id,
      &event.session_id,
      &event.organization_id,
      &self.metadata,
      &self.ip_address,
      &event.user_agent,
      &event.source,
      &event.display.message,
      &self.severity,
    ]
  }
}

/// `metadata` with `ipAddress: given` added, when it is an object without one.
fn with_ip_address(metadata: &Metadata, given: &str) -> Option<Metadata> {
  let Value::Object(mut fields) = metadata.to_value() else {
    return None;
  };
  if fields.contains_key("ipAddress") {
    return None;
  }
  fields.insert("ipAddress".into(), Value::String(given.to_owned()));
  Some(Metadata::from_value(&Value::Object(fields)))
}

pub fn from_millis(millis: i64) -> SystemTime {
  if millis >= 0 {
    UNIX_EPOCH + Duration::from_millis(millis as u64)
  } else {
    UNIX_EPOCH - Duration::from_millis(millis.unsigned_abs())
  }
}

fn to_millis(time: SystemTime) -> i64 {
  match time.duration_since(UNIX_EPOCH) {
    Ok(after) => after.as_millis() as i64,
    Err(before) => -(before.duration().as_millis() as i64),
  }
}

/// A row selected with `EVENT_COLUMNS`, as an event (NULLs where the JS package allows them).
pub fn read_event(row: &Row) -> Result<AuthEvent, tokio_postgres::Error> {
  let event_type: String = row.try_get(1)?;
  let severity: Option<String> = row.try_get(12)?;
  Ok(AuthEvent {
    id: row.try_get(0)?,
    timestamp: to_millis(row.try_get(2)?),
    status: row
      .try_get::<_, Option<&str>>(3)?
      .and_then(EventStatus::parse)
      .unwrap_or_default(),
    user_id: row.try_get(4)?,
    session_id: row.try_get(5)?,
    organization_id: row.try_get(6)?,
    metadata: row
      .try_get::<_, Option<Json<Metadata>>>(7)?
      .map_or_else(Metadata::empty, |Json(metadata)| metadata),
    ip_address: row
      .try_get::<_, Option<IpAddr>>(8)?
      .map(|ip| ip.to_string()),
    user_agent: row.try_get(9)?,
    source: row
      .try_get::<_, Option<String>>(10)?
      .unwrap_or_else(crate::events::model::default_source),
    display: Display::from_stored(row.try_get(11)?, severity.as_deref(), &event_type),
    event_type,
  })
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::events::model::Severity;
  use serde_json::json;
  use uuid::Uuid;

  fn event(ip: Option<&str>) -> AuthEvent {
    AuthEvent {
      id: Uuid::now_v7(),
      event_type: "user.joined".into(),
      timestamp: 1_795_370_534_317,
      status: EventStatus::Success,
      user_id: None,
      session_id: None,
      organization_id: None,
      metadata: json!({ "plan": "pro" }).into(),
      ip_address: ip.map(str::to_owned),
      user_agent: None,
      source: "app".into(),
      display: Display {
        message: "User joined".into(),
        severity: Severity::Success,
      },
    }
  }

  #[test]
  fn keeps_a_malformed_ip_in_metadata() {
    let bad = event(Some("203.0.113.9, 10.0.0.1"));
    let columns = EventColumns::new(&bad);
    assert_eq!(columns.ip_address, None);
    assert_eq!(
      columns.metadata.0.to_value(),
      json!({ "plan": "pro", "ipAddress": "203.0.113.9, 10.0.0.1" })
    );
    let good = event(Some("2001:db8::1"));
    let columns = EventColumns::new(&good);
    assert_eq!(columns.ip_address, Some("2001:db8::1".parse().unwrap()));
    assert_eq!(columns.metadata.0.to_value(), json!({ "plan": "pro" }));
  }

  #[test]
  fn millis_round_trip() {
    for millis in [0, 1_795_370_534_317, -1_500] {
      assert_eq!(to_millis(from_millis(millis)), millis);
    }
  }
}
