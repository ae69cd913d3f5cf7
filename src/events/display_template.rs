//! A display template (`display_rules`) parsed once into literal text and placeholders, so an
//! event's message is rendered without searching the template again.
//!
//! Two renderers read these pieces: `Template::render` here, for events Rust builds, and
//! `lib/ingestion/display-templates.js`, for a custom provider's events, which JS builds from
//! the pieces `displayRules()` exports. Both are checked against the same oracle.

use super::metadata::MetadataFields;

/// The one placeholder that is computed rather than looked up.
const CREATOR: &str = "creator";

/// A metadata key a template reads, with its place in its rule's key list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
  pub index: usize,
  pub name: &'static str,
}

#[derive(Debug)]
pub enum Piece {
  Text(&'static str),
  /// `{key1,key2|Fallback}`: the first of the keys holding a value, else the fallback.
  FirstOf {
    keys: Vec<Key>,
    fallback: &'static str,
  },
  /// `{creator}`: ` by <first word of metadata.name>`, or nothing when there is no name.
  Creator(Key),
}

#[derive(Debug)]
pub struct Template(Vec<Piece>);

impl Template {
  /// Parses `template`; the keys it reads are added to `keys` (once each, in order). An
  /// unclosed `{` is kept as text.
  pub fn parse(template: &'static str, keys: &mut Vec<&'static str>) -> Self {
    let mut key = |name: &'static str| Key {
      index: keys
        .iter()
        .position(|known| *known == name)
        .unwrap_or_else(|| {
          keys.push(name);
          keys.len() - 1
        }),
      name,
    };
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
      let Some((placeholder, tail)) = after.split_once('}') else {
        break;
      };
      if !before.is_empty() {
        pieces.push(Piece::Text(before));
      }
      pieces.push(if placeholder == CREATOR {
        Piece::Creator(key("name"))
      } else {
        let (names, fallback) = placeholder.split_once('|').unwrap_or((placeholder, ""));
        Piece::FirstOf {
          keys: names.split(',').map(&mut key).collect(),
          fallback,
        }
      });
      rest = tail;
    }
    if !rest.is_empty() {
      pieces.push(Piece::Text(rest));
    }
    Self(pieces)
  }

  /// The pieces, in order.
  pub fn pieces(&self) -> &[Piece] {
    &self.0
  }

  /// The message for `metadata`; metadata text is never read as a template.
  pub fn render(&self, metadata: &impl MetadataFields) -> String {
    let mut out = String::with_capacity(64);
    for piece in &self.0 {
      match piece {
        Piece::Text(text) => out.push_str(text),
        Piece::FirstOf { keys, fallback } => {
          let value = keys.iter().find_map(|key| metadata.key_text(*key));
          out.push_str(value.as_deref().unwrap_or(fallback));
        }
        Piece::Creator(name) => {
          if let Some(first) = metadata
            .key_text(*name)
            .as_deref()
            .and_then(|name| name.split_whitespace().next())
          {
            out.push_str(" by ");
            out.push_str(first);
          }
        }
      }
    }
    out
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::json;

  #[test]
  fn keys_are_collected_once_in_template_order() {
    let mut keys = Vec::new();
    Template::parse("{email|user} to {organizationName,name|org}", &mut keys);
    Template::parse("{creator} {email}", &mut keys);
    assert_eq!(keys, ["email", "organizationName", "name"]);
  }

  #[test]
  fn renders_fallbacks_creator_and_unclosed_braces() {
    let mut keys = Vec::new();
    let template = Template::parse(
      "Org {organizationName|Unknown} made{creator} {oops",
      &mut keys,
    );
    assert_eq!(
      template.render(&json!({ "name": "Ada Lovelace" })),
      "Org Unknown made by Ada {oops"
    );
    assert_eq!(
      template.render(&json!({ "organizationName": "Acme" })),
      "Org Acme made {oops"
    );
  }
}
