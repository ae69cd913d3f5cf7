//! The display rules as JS reads them: a custom provider's events are built in JS, and their
//! display rendered there (`lib/ingestion/display-templates.js`) from the templates Rust parses
//! once (`events::display_template`), as Rust renders a native store's.

use napi::{Error, Result, Status};
use napi_derive::napi;

use crate::events::display::{compiled_rules, display_for, CompiledRule};
use crate::events::display_template::{Key, Piece, Template};
use crate::events::model::EventStatus;

/// What a piece of a display template is (`events::display_template`).
#[napi(string_enum)]
pub enum TemplatePieceKind {
  /// `text`, as it is.
  #[napi(value = "text")]
  Text,
  /// The display text of the first of `keys` that has one, else `text`.
  #[napi(value = "firstOf")]
  FirstOf,
  /// ` by ` and the first word of the one key's display text; nothing when it has none.
  #[napi(value = "creator")]
  Creator,
}

#[napi(object, object_from_js = false)]
pub struct TemplatePiece {
  pub kind: TemplatePieceKind,
  /// The literal text, or a `firstOf` piece's fallback; empty for `creator`.
  pub text: &'static str,
  /// The metadata keys read, as indexes into the rule's `keys`.
  pub keys: Vec<u32>,
}

/// A known event type: the metadata keys its display reads, and its two templates.
#[napi(object, object_from_js = false)]
pub struct DisplayRule {
  pub event_type: String,
  pub keys: Vec<&'static str>,
  pub success: Vec<TemplatePiece>,
  pub failed: Vec<TemplatePiece>,
  #[napi(ts_type = "'success' | 'failed' | 'warning' | 'info'")]
  pub success_severity: &'static str,
  #[napi(ts_type = "'success' | 'failed' | 'warning' | 'info'")]
  pub failed_severity: &'static str,
}

fn pieces(template: &Template) -> Vec<TemplatePiece> {
  let index = |key: &Key| key.index as u32;
  template
    .pieces()
    .iter()
    .map(|piece| match piece {
      Piece::Text(text) => TemplatePiece {
        kind: TemplatePieceKind::Text,
        text,
        keys: Vec::new(),
      },
      Piece::FirstOf { keys, fallback } => TemplatePiece {
        kind: TemplatePieceKind::FirstOf,
        text: fallback,
        keys: keys.iter().map(index).collect(),
      },
      Piece::Creator(key) => TemplatePiece {
        kind: TemplatePieceKind::Creator,
        text: "",
        keys: vec![index(key)],
      },
    })
    .collect()
}

fn display_rule(rule: &CompiledRule) -> DisplayRule {
  DisplayRule {
    event_type: rule.event_type.to_owned(),
    keys: rule.keys.clone(),
    success: pieces(rule.template(EventStatus::Success)),
    failed: pieces(rule.template(EventStatus::Failed)),
    success_severity: rule.severity(EventStatus::Success).as_str(),
    failed_severity: rule.severity(EventStatus::Failed).as_str(),
  }
}

/// Every known event type's display rule: a custom provider's events are shown by these,
/// rendered in JS (`lib/ingestion/display-templates.js`) as Rust renders a native store's.
#[napi]
pub fn display_rules() -> Vec<DisplayRule> {
  compiled_rules().iter().map(display_rule).collect()
}

/// The severity shown for an event of a type without a display rule (its message is its type).
#[napi(ts_return_type = "'success' | 'failed' | 'warning' | 'info'")]
pub fn unknown_type_severity(
  event_type: String,
  #[napi(ts_arg_type = "'success' | 'failed'")] status: String,
) -> Result<&'static str> {
  let status = EventStatus::parse(&status).ok_or_else(|| {
    Error::new(
      Status::InvalidArg,
      format!("status must be 'success' or 'failed', got {status:?}"),
    )
  })?;
  Ok(
    display_for(&event_type, status, &serde_json::Value::Null)
      .severity
      .as_str(),
  )
}
