//! The SQL text of the PostgreSQL store: the table of SPEC 1.7 with its indexes, and the
//! statements that write a batch.

use crate::store::sql_page::EVENT_COLUMNS;
use crate::store::table_name::TableName;

pub fn create_table_sql(table: &TableName) -> String {
  let name = table.quoted();
  let schema = table.schema.as_ref().map_or(String::new(), |schema| {
    format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\";\n")
  });
  format!(
    "{schema}CREATE TABLE IF NOT EXISTS {name} (
      id UUID PRIMARY KEY,
      type VARCHAR(100) NOT NULL,
      timestamp TIMESTAMPTZ NOT NULL DEFAULT NOW(),
      status VARCHAR(20) NOT NULL DEFAULT 'success',
      user_id VARCHAR(255),
      session_id VARCHAR(255),
      organization_id VARCHAR(255),
      metadata JSONB DEFAULT '{{}}',
      ip_address INET,
      user_agent TEXT,
      source VARCHAR(50) DEFAULT 'app',
      display_message TEXT,
      display_severity VARCHAR(20),
      created_at TIMESTAMPTZ DEFAULT NOW()
    );
    CREATE INDEX IF NOT EXISTS \"{user_id}\" ON {name}(user_id);
    CREATE INDEX IF NOT EXISTS \"{kind}\" ON {name}(type);
    CREATE INDEX IF NOT EXISTS \"{at}\" ON {name}(timestamp DESC);
    CREATE INDEX IF NOT EXISTS \"{id_at}\" ON {name}(id, timestamp DESC);",
    user_id = table.index_name("user_id"),
    kind = table.index_name("type"),
    at = table.index_name("timestamp"),
    id_at = table.index_name("id_timestamp"),
  )
}

/// The fast path: one binary COPY straight into the table.
pub fn copy_sql(table: &str) -> String {
  format!(
    "COPY {table} ({}) FROM STDIN (FORMAT binary)",
    EVENT_COLUMNS.join(", ")
  )
}

/// The table a batch is staged in when some of its rows may already be stored.
pub const STAGING_TABLE: &str = "auth_ingest_staging";

/// A transaction-scoped copy of the table's columns, dropped at commit.
pub fn create_staging_sql(table: &TableName) -> String {
  format!(
    "CREATE TEMP TABLE {STAGING_TABLE} (LIKE {} INCLUDING DEFAULTS) ON COMMIT DROP",
    table.quoted()
  )
}

/// Moves the staged rows in, skipping ids that are already stored.
pub fn insert_staged_sql(table: &TableName) -> String {
  let columns = EVENT_COLUMNS.join(", ");
  format!(
    "INSERT INTO {} ({columns}) SELECT {columns} FROM {STAGING_TABLE} ON CONFLICT (id) DO NOTHING",
    table.quoted()
  )
}
