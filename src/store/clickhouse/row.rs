//! An `AuthEvent` as the ClickHouse row of SPEC 1.7 (RowBinary, fields in `EVENT_COLUMNS`
//! order) and back: the one place that knows the ClickHouse column types.

use std::borrow::Cow;

use clickhouse::Row;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::events::metadata::Metadata;
use crate::events::model::{default_source, AuthEvent, Display, EventStatus};

#[derive(Row, Serialize, Deserialize)]
pub struct EventRow<'a> {
  #[serde(with = "clickhouse::serde::uuid")]
  pub id: Uuid,
  #[serde(rename = "type")]
  pub event_type: Cow<'a, str>,
  /// `DateTime`: seconds since the epoch (the column has no milliseconds).
  pub timestamp: u32,
  pub status: Cow<'a, str>,
  pub user_id: Option<Cow<'a, str>>,
  pub session_id: Option<Cow<'a, str>>,
  pub organization_id: Option<Cow<'a, str>>,
  /// JSON text.
  pub metadata: Cow<'a, str>,
  pub ip_address: Option<Cow<'a, str>>,
  pub user_agent: Option<Cow<'a, str>>,
  pub source: Cow<'a, str>,
  pub display_message: Option<Cow<'a, str>>,
  pub display_severity: Option<Cow<'a, str>>,
}

/// Milliseconds to `DateTime` seconds, clamped to the column's range.
pub fn to_seconds(millis: i64) -> u32 {
  millis.div_euclid(1000).clamp(0, u32::MAX as i64) as u32
}

fn borrowed(text: &Option<String>) -> Option<Cow<'_, str>> {
  text.as_deref().map(Cow::Borrowed)
}

impl<'a> EventRow<'a> {
  pub fn new(event: &'a AuthEvent) -> Self {
    Self {
      id: event.id,
      event_type: Cow::Borrowed(&event.event_type),
      timestamp: to_seconds(event.timestamp),
      status: Cow::Borrowed(event.status.as_str()),
      user_id: borrowed(&event.user_id),
      session_id: borrowed(&event.session_id),
      organization_id: borrowed(&event.organization_id),
      metadata: Cow::Borrowed(event.metadata.as_json()),
      ip_address: borrowed(&event.ip_address),
      user_agent: borrowed(&event.user_agent),
      source: Cow::Borrowed(&event.source),
      display_message: Some(Cow::Borrowed(&event.display.message)),
      display_severity: Some(Cow::Borrowed(event.display.severity.as_str())),
    }
  }

  pub fn into_event(self) -> AuthEvent {
    let event_type = self.event_type.into_owned();
    let owned = |text: Option<Cow<'_, str>>| text.map(Cow::into_owned);
    AuthEvent {
      id: self.id,
      timestamp: i64::from(self.timestamp) * 1000,
      status: EventStatus::parse(&self.status).unwrap_or_default(),
      user_id: owned(self.user_id),
      session_id: owned(self.session_id),
      organization_id: owned(self.organization_id),
      metadata: Metadata::from_stored(self.metadata.into_owned()),
      ip_address: owned(self.ip_address),
      user_agent: owned(self.user_agent),
      source: if self.source.is_empty() {
        default_source()
      } else {
        self.source.into_owned()
      },
      display: Display::from_stored(
        owned(self.display_message),
        self.display_severity.as_deref(),
        &event_type,
      ),
      event_type,
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::store::sql_page::EVENT_COLUMNS;

  #[test]
  fn columns_follow_the_shared_order() {
    assert_eq!(EventRow::COLUMN_NAMES, EVENT_COLUMNS);
  }

  #[test]
  fn seconds_are_clamped() {
    assert_eq!(to_seconds(1_795_370_534_317), 1_795_370_534);
    assert_eq!(to_seconds(-5), 0);
  }
}
