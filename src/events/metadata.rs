//! An event's `metadata`: kept as the JSON text it arrived in, never parsed into a tree on the
//! write path. Every store keeps metadata as JSON text, so it goes out as it came in; the
//! display rules read a few top-level keys through a borrowed view.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use super::display_template;

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Metadata(Box<RawValue>);

impl Metadata {
  /// `{}`: what an event without metadata carries.
  pub fn empty() -> Self {
    Self(RawValue::from_string("{}".to_owned()).expect("{} is JSON"))
  }

  pub fn from_value(value: &Value) -> Self {
    Self(serde_json::value::to_raw_value(value).expect("a JSON value serializes"))
  }

  /// Text read back from a store: JSON as it is; anything else (written by other code) as a
  /// JSON string of it.
  pub fn from_stored(text: String) -> Self {
    match serde_json::from_str::<Box<RawValue>>(&text) {
      Ok(raw) => Self(raw),
      Err(_) => Self::from_value(&Value::String(text)),
    }
  }

  pub fn as_json(&self) -> &str {
    self.0.get()
  }

  pub fn to_value(&self) -> Value {
    serde_json::from_str(self.as_json()).expect("metadata is valid JSON")
  }

  /// The top-level keys, borrowed; none when the metadata is not an object.
  pub fn fields(&self) -> Fields<'_> {
    serde_json::from_str(self.as_json()).unwrap_or_default()
  }
}

/// Equal when the JSON values are equal (whitespace and key order aside).
impl PartialEq for Metadata {
  fn eq(&self, other: &Self) -> bool {
    self.as_json() == other.as_json() || self.to_value() == other.to_value()
  }
}

impl From<Value> for Metadata {
  fn from(value: Value) -> Self {
    Self::from_value(&value)
  }
}

/// What the display rules read: a key's value as text, when it is a non-empty string or a
/// number (in its JSON form). Anything else (absent, null, "", booleans, objects, arrays, or
/// metadata that is not an object) is missing.
pub trait MetadataFields {
  fn text(&self, key: &str) -> Option<Cow<'_, str>>;

  /// The same, for a key of a compiled display rule: readers holding values by the key's
  /// place in the rule's key list read them without comparing names.
  fn key_text(&self, key: display_template::Key) -> Option<Cow<'_, str>> {
    self.text(key.name)
  }
}

/// A top-level metadata value as the display rules see it.
enum Scalar<'a> {
  Text(Cow<'a, str>),
  /// A number, as its JSON text (which is how JS prints it).
  Number(Cow<'a, str>),
  Other,
}

impl<'a> Scalar<'a> {
  /// The one rule for a metadata value as display text (`lib/ingestion/held-events.js` applies
  /// it in JS before values cross): a non-empty string, or a number.
  fn display_text(self) -> Option<Cow<'a, str>> {
    match self {
      Scalar::Text(text) if !text.is_empty() => Some(text),
      Scalar::Number(number) => Some(number),
      _ => None,
    }
  }

  fn of_value(value: &'a Value) -> Self {
    match value {
      Value::String(text) => Scalar::Text(Cow::Borrowed(text)),
      Value::Number(number) => Scalar::Number(Cow::Owned(number.to_string())),
      _ => Scalar::Other,
    }
  }

  fn of_json(raw: &'a str) -> Self {
    match raw.as_bytes().first() {
      Some(b'"') => serde_json::from_str::<&str>(raw)
        .map(Cow::Borrowed)
        .or_else(|_| serde_json::from_str::<String>(raw).map(Cow::Owned))
        .map_or(Scalar::Other, Scalar::Text),
      Some(b'-' | b'0'..=b'9') => Scalar::Number(Cow::Borrowed(raw)),
      _ => Scalar::Other,
    }
  }
}

impl MetadataFields for Value {
  fn text(&self, key: &str) -> Option<Cow<'_, str>> {
    Scalar::of_value(self.get(key)?).display_text()
  }
}

/// The top-level entries of metadata text, borrowing keys and values from it.
#[derive(Default)]
pub struct Fields<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl MetadataFields for Fields<'_> {
  fn text(&self, key: &str) -> Option<Cow<'_, str>> {
    let raw = self.0.iter().rev().find(|(name, _)| name == key)?.1.get();
    Scalar::of_json(raw).display_text()
  }
}

impl<'de: 'a, 'a> Deserialize<'de> for Fields<'a> {
  fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
    deserializer.deserialize_map(FieldsVisitor)
  }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
  type Value = Fields<'de>;

  fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
    formatter.write_str("a JSON object")
  }

  fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields<'de>, A::Error> {
    let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(4));
    while let Some(Key(key)) = map.next_key()? {
      fields.push((key, map.next_value::<&RawValue>()?));
    }
    Ok(Fields(fields))
  }
}

/// A key, borrowed unless it has escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Key<'a> {
  fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
    struct KeyVisitor;
    impl<'de> Visitor<'de> for KeyVisitor {
      type Value = Key<'de>;

      fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a key")
      }

      fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
      }

      fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
      }
    }
    deserializer.deserialize_str(KeyVisitor)
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::json;

  fn raw(text: &str) -> Metadata {
    Metadata::from_stored(text.to_owned())
  }

  #[test]
  fn fields_read_strings_and_numbers_only() {
    let metadata =
      raw(r#"{"name":"Ada","n":12.50,"e":"","b":true,"o":{"name":"x"},"q":"a\"b","k\"":"y"}"#);
    let fields = metadata.fields();
    assert_eq!(fields.text("name").as_deref(), Some("Ada"));
    assert_eq!(fields.text("n").as_deref(), Some("12.50"));
    assert_eq!(fields.text("q").as_deref(), Some("a\"b"));
    assert_eq!(fields.text("k\"").as_deref(), Some("y"));
    for missing in ["e", "b", "o", "absent"] {
      assert_eq!(fields.text(missing), None, "{missing}");
    }
  }

  #[test]
  fn non_object_metadata_has_no_fields() {
    for text in ["[1]", "\"name\"", "3", "null"] {
      assert_eq!(raw(text).fields().text("name"), None);
    }
  }

  #[test]
  fn stored_text_that_is_not_json_becomes_a_string() {
    assert_eq!(
      Metadata::from_stored("not json".into()).to_value(),
      json!("not json")
    );
    assert_eq!(
      Metadata::from_stored(r#"{"a": 1}"#.into()),
      Metadata::from(json!({"a": 1}))
    );
  }

  #[test]
  fn serializes_verbatim() {
    let event = json!({ "metadata": raw(r#"{"b":1,"a":[2]}"#) });
    assert_eq!(event.to_string(), r#"{"metadata":{"a":[2],"b":1}}"#);
    let text = serde_json::to_string(&raw(r#"{"b":1,"a":[2]}"#)).unwrap();
    assert_eq!(text, r#"{"b":1,"a":[2]}"#);
  }
}
