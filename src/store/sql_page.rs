//! The SQL of `query()` for every SQL store: filters, keyset cursor, order, paging.
//! Each store supplies its placeholder syntax and binds the parameters its own way.

use uuid::Uuid;

use super::query::{Cursor, EventQuery, SortOrder};
use super::table_name::TableName;

/// The columns of SPEC 1.7 that hold an `AuthEvent`, in the order every store reads and writes.
pub const EVENT_COLUMNS: [&str; 13] = [
  "id",
  "type",
  "timestamp",
  "status",
  "user_id",
  "session_id",
  "organization_id",
  "metadata",
  "ip_address",
  "user_agent",
  "source",
  "display_message",
  "display_severity",
];

/// A value the page SQL compares against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SqlParam {
  Text(String),
  Millis(i64),
  Id(Uuid),
}

pub struct PageSql {
  pub sql: String,
  pub params: Vec<SqlParam>,
}

/// `SELECT <columns> FROM <table> WHERE … ORDER BY timestamp, id … LIMIT limit+1 OFFSET …`.
/// `column_list` lets a store wrap columns in casts; `placeholder(n)` renders parameter `n` (1-based).
pub fn page_sql(
  table: &TableName,
  column_list: &str,
  query: &EventQuery,
  placeholder: impl Fn(usize) -> String,
) -> PageSql {
  let mut conditions = Vec::new();
  let mut params = Vec::new();
  let bind = |param: SqlParam, params: &mut Vec<SqlParam>| {
    params.push(param);
    placeholder(params.len())
  };
  if let Some(event_type) = &query.event_type {
    conditions.push(format!(
      "type = {}",
      bind(SqlParam::Text(event_type.clone()), &mut params)
    ));
  }
  if let Some(user_id) = &query.user_id {
    conditions.push(format!(
      "user_id = {}",
      bind(SqlParam::Text(user_id.clone()), &mut params)
    ));
  }
  if let Some(since) = query.since {
    conditions.push(format!(
      "timestamp >= {}",
      bind(SqlParam::Millis(since), &mut params)
    ));
  }
  let (direction, comparison) = match query.sort {
    SortOrder::Asc => ("ASC", ">"),
    SortOrder::Desc => ("DESC", "<"),
  };
  match &query.after {
    Some(Cursor::Position { timestamp, id }) => {
      let at = bind(SqlParam::Millis(*timestamp), &mut params);
      let id = bind(SqlParam::Id(*id), &mut params);
      conditions.push(format!("(timestamp, id) {comparison} ({at}, {id})"));
    }
    Some(Cursor::EventId(id)) => {
      let id = bind(SqlParam::Id(*id), &mut params);
      conditions.push(format!(
        "(timestamp, id) {comparison} (SELECT timestamp, id FROM {} WHERE id = {id})",
        table.quoted()
      ));
    }
    None => {}
  }
  let filter = if conditions.is_empty() {
    String::new()
  } else {
    format!(" WHERE {}", conditions.join(" AND "))
  };
  let sql = format!(
    "SELECT {column_list} FROM {}{filter} ORDER BY timestamp {direction}, id {direction} LIMIT {} OFFSET {}",
    table.quoted(),
    query.limit as u64 + 1,
    query.offset
  );
  PageSql { sql, params }
}

/// `getStats()`: a `failed` status counts as failed whatever the display severity says.
pub const STATS_SELECT: &str = "COUNT(*), \
  SUM(CASE WHEN status <> 'failed' AND display_severity = 'success' THEN 1 ELSE 0 END), \
  SUM(CASE WHEN status = 'failed' OR display_severity = 'failed' THEN 1 ELSE 0 END), \
  SUM(CASE WHEN status <> 'failed' AND display_severity = 'warning' THEN 1 ELSE 0 END), \
  SUM(CASE WHEN status <> 'failed' AND (display_severity IS NULL OR display_severity NOT IN ('success', 'failed', 'warning')) THEN 1 ELSE 0 END)";

#[cfg(test)]
mod tests {
  use super::*;

  fn query() -> EventQuery {
    EventQuery {
      limit: 20,
      offset: 0,
      after: None,
      sort: SortOrder::Desc,
      event_type: None,
      user_id: None,
      since: None,
    }
  }

  #[test]
  fn plain_page() {
    let table = TableName::parse(None).unwrap();
    let page = page_sql(&table, "*", &query(), |n| format!("${n}"));
    assert_eq!(
      page.sql,
      "SELECT * FROM \"auth_events\" ORDER BY timestamp DESC, id DESC LIMIT 21 OFFSET 0"
    );
    assert!(page.params.is_empty());
  }

  #[test]
  fn filters_and_cursor_number_their_parameters() {
    let table = TableName::parse(None).unwrap();
    let id = Uuid::now_v7();
    let query = EventQuery {
      sort: SortOrder::Asc,
      event_type: Some("user.joined".into()),
      since: Some(5),
      after: Some(Cursor::Position { timestamp: 9, id }),
      ..query()
    };
    let page = page_sql(&table, "*", &query, |n| format!("${n}"));
    assert_eq!(
      page.sql,
      "SELECT * FROM \"auth_events\" WHERE type = $1 AND timestamp >= $2 AND (timestamp, id) > ($3, $4) ORDER BY timestamp ASC, id ASC LIMIT 21 OFFSET 0"
    );
    assert_eq!(page.params.len(), 4);
  }
}
