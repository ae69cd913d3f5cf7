//! Display rules (SPEC 1.4): the `{ message, severity }` shown for an event. Messages come
//! from the per-type templates of `display_rules`; severity from the generic type rule.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::display_rules::RULES;
use super::display_template::Template;
use super::metadata::MetadataFields;
use super::model::{Display, EventStatus, Severity};

/// A known type's rule, its templates parsed and its severity worked out once.
pub struct CompiledRule {
  pub event_type: &'static str,
  /// The metadata keys its templates read (either status), in template order.
  pub keys: Vec<&'static str>,
  success_severity: Severity,
  success: Template,
  failed: Template,
}

impl CompiledRule {
  /// The template shown for `status`.
  pub fn template(&self, status: EventStatus) -> &Template {
    match status {
      EventStatus::Success => &self.success,
      EventStatus::Failed => &self.failed,
    }
  }

  /// The severity shown for `status`.
  pub fn severity(&self, status: EventStatus) -> Severity {
    match status {
      EventStatus::Success => self.success_severity,
      EventStatus::Failed => Severity::Failed,
    }
  }

  pub fn display(&self, status: EventStatus, metadata: &impl MetadataFields) -> Display {
    Display {
      message: self.template(status).render(metadata),
      severity: self.severity(status),
    }
  }
}

/// Every rule of `RULES`, compiled, in the same order.
pub fn compiled_rules() -> &'static [CompiledRule] {
  static COMPILED: OnceLock<Vec<CompiledRule>> = OnceLock::new();
  COMPILED.get_or_init(|| {
    RULES
      .iter()
      .map(|rule| {
        let mut keys = Vec::new();
        let success = Template::parse(rule.success, &mut keys);
        let failed = Template::parse(rule.failed, &mut keys);
        CompiledRule {
          event_type: rule.event_type,
          keys,
          success_severity: rule
            .success_severity
            .unwrap_or_else(|| type_severity(rule.event_type)),
          success,
          failed,
        }
      })
      .collect()
  })
}

/// The compiled rule of a known type.
pub fn compiled_rule(event_type: &str) -> Option<&'static CompiledRule> {
  static BY_TYPE: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
  let by_type = BY_TYPE.get_or_init(|| {
    (RULES.iter().enumerate())
      .map(|(index, rule)| (rule.event_type, index))
      .collect()
  });
  by_type
    .get(event_type)
    .map(|index| &compiled_rules()[*index])
}

/// Unknown types are accepted: the message is the type itself, the severity the generic one.
pub fn display_for(
  event_type: &str,
  status: EventStatus,
  metadata: &impl MetadataFields,
) -> Display {
  match (compiled_rule(event_type), status) {
    (Some(rule), status) => rule.display(status, metadata),
    (None, EventStatus::Failed) => Display {
      message: event_type.to_owned(),
      severity: Severity::Failed,
    },
    (None, EventStatus::Success) => Display {
      message: event_type.to_owned(),
      severity: type_severity(event_type),
    },
  }
}

/// The metadata keys `display_for` may read for `event_type` (either status), in template
/// order; none for an unknown type. Lets a caller send only these instead of all metadata.
pub fn display_keys(event_type: &str) -> &'static [&'static str] {
  compiled_rule(event_type).map_or(&[], |rule| rule.keys.as_slice())
}

/// The generic rule: the first group with a word contained in the type name wins.
fn type_severity(event_type: &str) -> Severity {
  const GROUPS: &[(Severity, &[&str])] = &[
    (Severity::Failed, &["failed", "banned", "deleted"]),
    (
      Severity::Success,
      &[
        "joined",
        "created",
        "verified",
        "accepted",
        "added",
        "sign_in",
        "logged_in",
      ],
    ),
    (Severity::Warning, &["reset", "verification"]),
  ];
  GROUPS
    .iter()
    .find(|(_, words)| words.iter().any(|word| event_type.contains(word)))
    .map_or(Severity::Info, |(severity, _)| *severity)
}

#[cfg(test)]
mod tests {
  use super::super::display_rules::RULES;
  use super::*;
  use crate::events::metadata::Metadata;
  use serde::Deserialize;
  use serde_json::{json, Value};
  use std::collections::BTreeSet;

  #[derive(Deserialize)]
  struct Row {
    #[serde(rename = "type")]
    event_type: String,
    status: EventStatus,
    metadata: Value,
    message: String,
    severity: Severity,
  }

  fn fixture() -> Vec<Row> {
    serde_json::from_str(include_str!(
      "../../__test__/fixtures/oracles/event-display.json"
    ))
    .expect("event-display.json parses")
  }

  /// Through both readers of metadata: a parsed value and the raw text's fields.
  fn show(event_type: &str, status: EventStatus, metadata: Value) -> (String, Severity) {
    let display = display_for(event_type, status, &metadata);
    let raw = Metadata::from_value(&metadata);
    assert_eq!(display_for(event_type, status, &raw.fields()), display);
    (display.message, display.severity)
  }

  #[test]
  fn matches_every_fixture_row() {
    let rows = fixture();
    let mismatches: Vec<String> = rows
      .iter()
      .filter_map(|row| {
        let got = display_for(&row.event_type, row.status, &row.metadata);
        let raw = Metadata::from_value(&row.metadata);
        let got_raw = display_for(&row.event_type, row.status, &raw.fields());
        let want = Display {
          message: row.message.clone(),
          severity: row.severity,
        };
        (got != want || got_raw != want).then(|| {
          format!(
            "{} {} {}\n  want {:?} {:?}\n  got  {:?} {:?}",
            row.event_type,
            row.status.as_str(),
            row.metadata,
            want.severity,
            want.message,
            got.severity,
            got.message
          )
        })
      })
      .collect();
    assert!(
      mismatches.is_empty(),
      "{} of {} rows differ:\n{}",
      mismatches.len(),
      rows.len(),
      mismatches.join("\n")
    );
  }

  #[test]
  fn rule_table_covers_exactly_the_fixture_types() {
    let fixture_types: BTreeSet<String> = fixture().into_iter().map(|row| row.event_type).collect();
    let rule_types: BTreeSet<String> = RULES
      .iter()
      .map(|rule| rule.event_type.to_owned())
      .collect();
    assert_eq!(RULES.len(), 36);
    assert_eq!(rule_types.len(), RULES.len(), "duplicate rule");
    assert_eq!(rule_types, fixture_types);
  }

  #[test]
  fn unknown_type_shows_the_type_with_generic_severity() {
    let meta = json!({ "name": "Ada" });
    assert_eq!(
      show("custom.thing", EventStatus::Success, meta.clone()),
      ("custom.thing".into(), Severity::Info)
    );
    assert_eq!(
      show("custom.created", EventStatus::Success, meta.clone()).1,
      Severity::Success
    );
    assert_eq!(
      show("custom.deleted_all", EventStatus::Success, meta.clone()).1,
      Severity::Failed
    );
    assert_eq!(
      show("custom.reset", EventStatus::Success, meta.clone()).1,
      Severity::Warning
    );
    assert_eq!(
      show("custom.thing", EventStatus::Failed, meta.clone()),
      ("custom.thing".into(), Severity::Failed)
    );
    assert_eq!(
      show("", EventStatus::Success, meta),
      (String::new(), Severity::Info)
    );
  }

  #[test]
  fn non_object_metadata_means_every_key_is_missing() {
    for metadata in [
      json!(null),
      json!([{ "name": "Ada" }]),
      json!("Ada"),
      json!(7),
      json!(true),
    ] {
      assert_eq!(
        show("user.joined", EventStatus::Success, metadata.clone()).0,
        "User joined!"
      );
      assert_eq!(
        show("invitation.created", EventStatus::Success, metadata.clone()).0,
        "Invitation sent to user to join organization as member"
      );
      assert_eq!(
        show("organization.created", EventStatus::Success, metadata).0,
        r#"New organization "Organization" created"#
      );
    }
  }

  #[test]
  fn non_string_metadata_values() {
    let joined = |metadata| show("user.joined", EventStatus::Success, metadata).0;
    assert_eq!(
      joined(json!({ "name": null, "email": "a@x" })),
      "a@x joined!"
    );
    assert_eq!(joined(json!({ "name": "", "email": "a@x" })), "a@x joined!");
    assert_eq!(
      joined(json!({ "name": { "first": "Ada" } })),
      "User joined!"
    );
    assert_eq!(joined(json!({ "name": false })), "User joined!");
    assert_eq!(joined(json!({ "name": 42 })), "42 joined!");
    assert_eq!(joined(json!({ "name": 1.5 })), "1.5 joined!");
    let created = |metadata| show("organization.created", EventStatus::Success, metadata).0;
    assert_eq!(
      created(json!({ "name": 7 })),
      r#"New organization "Organization" created by 7"#
    );
    assert_eq!(
      created(json!({ "name": "  " })),
      r#"New organization "Organization" created"#
    );
  }

  #[test]
  fn metadata_text_is_not_expanded_as_a_template() {
    let metadata = json!({ "name": "{email|x} {creator}", "email": "a@x" });
    assert_eq!(
      show("user.joined", EventStatus::Success, metadata).0,
      "{email|x} {creator} joined!"
    );
  }

  #[test]
  fn display_keys_are_every_key_a_type_s_templates_read() {
    assert_eq!(display_keys("user.logged_in"), ["name", "email"]);
    assert_eq!(
      display_keys("invitation.created"),
      ["email", "organizationName", "role"]
    );
    assert!(display_keys("custom.thing").is_empty());
    // Restricting any fixture row's metadata to its type's keys never changes its display.
    for row in fixture() {
      let keys = display_keys(&row.event_type);
      let restricted: serde_json::Map<String, Value> = row
        .metadata
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(key, _)| keys.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
      assert_eq!(
        display_for(&row.event_type, row.status, &Value::Object(restricted)),
        display_for(&row.event_type, row.status, &row.metadata),
        "{} reads a key display_keys does not list",
        row.event_type
      );
    }
  }
}
