//! What `provider.query()`, `count()` and `getStats()` ask and answer (SPEC 1.6).

use serde::Serialize;
use uuid::Uuid;

use super::error::StoreError;
use crate::events::model::AuthEvent;

pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 10_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortOrder {
  Asc,
  #[default]
  Desc,
}

/// `EventQueryOptions` before its values are checked (`since` in epoch milliseconds).
#[derive(Clone, Debug, Default)]
pub struct QueryOptions {
  pub limit: Option<f64>,
  pub offset: Option<f64>,
  pub after: Option<String>,
  pub sort: Option<SortOrder>,
  pub event_type: Option<String>,
  pub user_id: Option<String>,
  pub since: Option<i64>,
}

/// Where a keyset page starts: strictly after this `(timestamp, id)` in the sort order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cursor {
  /// A `nextCursor` we issued.
  Position { timestamp: i64, id: Uuid },
  /// An event id, as the JS package's `nextCursor` was: its position is looked up.
  EventId(Uuid),
}

impl Cursor {
  pub fn encode(event: &AuthEvent) -> String {
    format!("{}_{}", event.timestamp, event.id)
  }

  pub fn decode(text: &str) -> Result<Self, StoreError> {
    let invalid = || {
      StoreError::rejected(format!(
        "query.after is not a cursor from nextCursor: {text:?}"
      ))
    };
    if let Ok(id) = Uuid::parse_str(text) {
      return Ok(Self::EventId(id));
    }
    let (millis, id) = text.split_once('_').ok_or_else(invalid)?;
    Ok(Self::Position {
      timestamp: millis.parse().map_err(|_| invalid())?,
      id: Uuid::parse_str(id).map_err(|_| invalid())?,
    })
  }
}

/// A validated query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventQuery {
  pub limit: u32,
  pub offset: u64,
  pub after: Option<Cursor>,
  pub sort: SortOrder,
  pub event_type: Option<String>,
  pub user_id: Option<String>,
  pub since: Option<i64>,
}

impl EventQuery {
  pub fn from_options(options: QueryOptions) -> Result<Self, StoreError> {
    let whole = |field: &str, value: f64, min: f64, max: f64| {
      if value.fract() == 0.0 && value >= min && value <= max {
        Ok(value)
      } else {
        Err(StoreError::rejected(format!(
          "query.{field} must be an integer from {min} to {max}, got {value}"
        )))
      }
    };
    Ok(Self {
      limit: match options.limit {
        Some(limit) => whole("limit", limit, 1.0, MAX_LIMIT as f64)? as u32,
        None => DEFAULT_LIMIT,
      },
      offset: match options.offset {
        Some(offset) => whole("offset", offset, 0.0, 9e15)? as u64,
        None => 0,
      },
      after: options.after.as_deref().map(Cursor::decode).transpose()?,
      sort: options.sort.unwrap_or_default(),
      event_type: options.event_type,
      user_id: options.user_id,
      since: options.since,
    })
  }

  /// Builds the page from up to `limit + 1` rows read in order.
  pub fn page(&self, mut events: Vec<AuthEvent>) -> EventPage {
    let has_more = events.len() > self.limit as usize;
    events.truncate(self.limit as usize);
    let next_cursor = if has_more {
      events.last().map(Cursor::encode)
    } else {
      None
    };
    EventPage {
      events,
      has_more,
      next_cursor,
    }
  }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventPage {
  pub events: Vec<AuthEvent>,
  pub has_more: bool,
  pub next_cursor: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EventStats {
  pub total: u64,
  pub success: u64,
  pub failed: u64,
  pub warning: u64,
  pub info: u64,
}

impl EventStats {
  /// From the five counts of `sql_page::STATS_SELECT`, in its order.
  pub fn from_counts(count: impl Fn(usize) -> u64) -> Self {
    Self {
      total: count(0),
      success: count(1),
      failed: count(2),
      warning: count(3),
      info: count(4),
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn cursors_round_trip_and_accept_bare_ids() {
    let id = Uuid::now_v7();
    let text = format!("1795370534317_{id}");
    assert_eq!(
      Cursor::decode(&text).unwrap(),
      Cursor::Position {
        timestamp: 1_795_370_534_317,
        id
      }
    );
    assert_eq!(
      Cursor::decode(&id.to_string()).unwrap(),
      Cursor::EventId(id)
    );
    assert!(Cursor::decode("nonsense").is_err());
  }

  #[test]
  fn validates_limits() {
    let options = QueryOptions {
      limit: Some(0.0),
      ..Default::default()
    };
    assert!(EventQuery::from_options(options).is_err());
    let query = EventQuery::from_options(QueryOptions::default()).unwrap();
    assert_eq!(
      (query.limit, query.offset, query.sort),
      (20, 0, SortOrder::Desc)
    );
  }
}
