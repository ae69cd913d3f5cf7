//! The one identifier validator: `tableName` is spliced into SQL, so it must be a plain
//! identifier, optionally `schema.table`.

use crate::config_error::ConfigError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableName {
  pub schema: Option<String>,
  pub table: String,
}

pub const DEFAULT_TABLE: &str = "auth_events";

impl TableName {
  pub fn parse(name: Option<&str>) -> Result<Self, ConfigError> {
    let name = name.unwrap_or(DEFAULT_TABLE);
    let invalid = || {
      ConfigError::new(format!(
        "events.tableName must be an SQL identifier (letters, digits and underscores, not starting with a digit), optionally schema-qualified as schema.table; got {name:?}"
      ))
    };
    let mut parts = name.split('.');
    let (schema, table) = match (parts.next(), parts.next(), parts.next()) {
      (Some(table), None, None) => (None, table),
      (Some(schema), Some(table), None) => (Some(schema), table),
      _ => return Err(invalid()),
    };
    if !schema.is_none_or(is_identifier) || !is_identifier(table) {
      return Err(invalid());
    }
    Ok(Self {
      schema: schema.map(str::to_owned),
      table: table.to_owned(),
    })
  }

  /// `"schema"."table"` or `"table"`, for SQL text.
  pub fn quoted(&self) -> String {
    match &self.schema {
      Some(schema) => format!("\"{schema}\".\"{}\"", self.table),
      None => format!("\"{}\"", self.table),
    }
  }

  /// `idx_<table>_<suffix>`, the index names the JS package creates.
  pub fn index_name(&self, suffix: &str) -> String {
    format!("idx_{}_{suffix}", self.table)
  }
}

fn is_identifier(part: &str) -> bool {
  let mut chars = part.chars();
  matches!(chars.next(), Some(first) if first.is_ascii_alphabetic() || first == '_')
    && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    && part.len() <= 63
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn accepts_plain_and_qualified_names() {
    assert_eq!(TableName::parse(None).unwrap().quoted(), "\"auth_events\"");
    let name = TableName::parse(Some("analytics.auth_events_2")).unwrap();
    assert_eq!(name.quoted(), "\"analytics\".\"auth_events_2\"");
    assert_eq!(name.index_name("user_id"), "idx_auth_events_2_user_id");
  }

  #[test]
  fn refuses_injection_and_oddities() {
    for bad in [
      "auth_events; DROP TABLE x",
      "a.b.c",
      "1table",
      "",
      "a-b",
      "\"quoted\"",
      "x.",
    ] {
      let error = TableName::parse(Some(bad)).unwrap_err();
      assert!(error.0.starts_with("events.tableName must be"), "{bad}");
    }
  }
}
