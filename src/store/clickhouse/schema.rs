//! The ClickHouse table of SPEC 1.7 (MergeTree, valid from 18.x to current servers).

use crate::store::table_name::TableName;

pub fn create_table_sql(table: &TableName) -> String {
  format!(
    "CREATE TABLE IF NOT EXISTS {} (
      id UUID,
      type String,
      timestamp DateTime,
      status String DEFAULT 'success',
      user_id Nullable(String),
      session_id Nullable(String),
      organization_id Nullable(String),
      metadata String,
      ip_address Nullable(String),
      user_agent Nullable(String),
      source String DEFAULT 'app',
      display_message Nullable(String),
      display_severity Nullable(String),
      created_at DateTime DEFAULT now()
    ) ENGINE = MergeTree() ORDER BY (timestamp, type) PARTITION BY toYYYYMM(timestamp)",
    table.quoted()
  )
}
