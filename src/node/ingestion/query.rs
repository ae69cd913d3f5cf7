//! `provider.query(options)` as it crosses: the options typed (their types checked by
//! `lib/ingestion/native-provider.js`, their values by `EventQuery`), the page typed but for
//! its events, which stay one JSON text of flat values (see `event_values`: the fastest way
//! to build many `AuthEvent` objects in JS).

use napi::Result;
use napi_derive::napi;
use serde::Deserialize;

use crate::events::timestamp::iso_millis;
use crate::node::errors::invalid_json;
use crate::node::event_values::event_values_json;
use crate::node::json_text::JsonText;
use crate::store::query::{EventPage, QueryOptions, SortOrder};

/// `EventQueryOptions['sort']`.
#[napi(string_enum = "lowercase")]
pub enum QuerySort {
  Asc,
  Desc,
}

/// `provider.query`'s `EventQueryOptions`.
#[napi(object, object_to_js = false)]
pub struct EventQueryOptions {
  /// Default 20, at most 10 000.
  pub limit: Option<f64>,
  pub offset: Option<f64>,
  /// A previous `nextCursor`, or an event id.
  pub after: Option<String>,
  /// Default `desc` (newest first).
  pub sort: Option<QuerySort>,
  #[napi(js_name = "type")]
  pub event_type: Option<String>,
  pub user_id: Option<String>,
  /// Read as JSON holds it: a `Date` as its ISO text (an invalid one, JSON's `null`, sets no
  /// bound), a string as ISO 8601, a number as epoch milliseconds.
  #[napi(ts_type = "Date | string | number")]
  pub since: Option<JsonText>,
}

impl TryFrom<EventQueryOptions> for QueryOptions {
  type Error = napi::Error;

  fn try_from(options: EventQueryOptions) -> Result<Self> {
    Ok(Self {
      limit: options.limit,
      offset: options.offset,
      after: options.after,
      sort: options.sort.map(|sort| match sort {
        QuerySort::Asc => SortOrder::Asc,
        QuerySort::Desc => SortOrder::Desc,
      }),
      event_type: options.event_type,
      user_id: options.user_id,
      since: match options.since {
        Some(JsonText(since)) => {
          since_millis(&since).map_err(|error| invalid_json("query.since", error))?
        }
        None => None,
      },
    })
  }
}

/// `since` as JSON holds it: ISO 8601 text or epoch milliseconds; `null` is no bound.
fn since_millis(json: &str) -> serde_json::Result<Option<i64>> {
  #[derive(Deserialize)]
  struct Moment(#[serde(with = "iso_millis")] i64);
  let moment: Option<Moment> = serde_json::from_str(json)?;
  Ok(moment.map(|Moment(millis)| millis))
}

/// `provider.query`'s page; `lib/` makes `events` `AuthEvent` objects.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct EventQueryPage {
  #[napi(ts_type = "string /* JSON: event values[], wireLayouts().eventValues per event */")]
  pub events: String,
  pub has_more: bool,
  pub next_cursor: Option<String>,
}

impl From<EventPage> for EventQueryPage {
  fn from(page: EventPage) -> Self {
    Self {
      events: event_values_json(&page.events),
      has_more: page.has_more,
      next_cursor: page.next_cursor,
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn since_is_iso_text_or_millis_and_null_is_no_bound() {
    let millis = 1_748_772_000_000;
    assert_eq!(
      since_millis("\"2025-06-01T10:00:00.000Z\"").unwrap(),
      Some(millis)
    );
    assert_eq!(since_millis("1748772000000").unwrap(), Some(millis));
    assert_eq!(since_millis("null").unwrap(), None);
    let error = since_millis("\"yesterday\"").unwrap_err().to_string();
    assert!(error.starts_with("invalid timestamp: yesterday"), "{error}");
  }
}
