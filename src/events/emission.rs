//! Turns what `emitEvent` captured on the JS side into `AuthEvent`s.
//!
//! JS captures each call as one compact record array and serializes a run of them with one
//! `JSON.stringify` (the cheapest way across the boundary), as a JSON array of:
//! `[type, status, userId, sessionId, organizationId, metadata, ip, userAgent, timestamp]`,
//! where `timestamp` is milliseconds after a base passed alongside (the first record's time):
//! small integers serialize faster than epoch milliseconds. Missing trailing fields are absent.

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use super::display::display_for;
use super::event_id::new_event_id;
use super::metadata::Metadata;
use super::model::{default_source, AuthEvent, EventStatus};

/// The fields of an emission record, in order (`EmissionVisitor` reads them so; JS checks its
/// records against this list when it loads).
pub const EMISSION_RECORD: [&str; 9] = [
  "type",
  "status",
  "userId",
  "sessionId",
  "organizationId",
  "metadata",
  "ip",
  "userAgent",
  "timestamp",
];

struct Emission {
  event_type: String,
  status: EventStatus,
  user_id: Option<String>,
  session_id: Option<String>,
  organization_id: Option<String>,
  metadata: Metadata,
  ip_address: Option<String>,
  user_agent: Option<String>,
  timestamp: i64,
}

impl Emission {
  fn into_event(self) -> AuthEvent {
    let display = display_for(&self.event_type, self.status, &self.metadata.fields());
    AuthEvent {
      id: new_event_id(self.timestamp),
      event_type: self.event_type,
      timestamp: self.timestamp,
      status: self.status,
      user_id: self.user_id,
      session_id: self.session_id,
      organization_id: self.organization_id,
      metadata: self.metadata,
      ip_address: self.ip_address,
      user_agent: self.user_agent,
      source: default_source(),
      display,
    }
  }
}

/// Decodes a JSON array of emissions (UTF-8), in order; their timestamps count from
/// `timestamp_base` (epoch milliseconds).
pub fn decode_emissions(
  json: &[u8],
  timestamp_base: i64,
) -> Result<Vec<AuthEvent>, serde_json::Error> {
  let emissions: Vec<Emission> = serde_json::from_slice(json)?;
  Ok(
    emissions
      .into_iter()
      .map(|mut emission| {
        emission.timestamp += timestamp_base;
        emission.into_event()
      })
      .collect(),
  )
}

/// Successful events of the given types, decoded as `emitEvent` would send them (for tests).
#[cfg(test)]
pub fn test_events<'a>(types: impl IntoIterator<Item = &'a str>) -> Vec<AuthEvent> {
  let records: Vec<String> = types
    .into_iter()
    .map(|event_type| format!(r#"["{event_type}","success"]"#))
    .collect();
  decode_emissions(format!("[{}]", records.join(",")).as_bytes(), 0).expect("test records decode")
}

/// An identifier-like field: strings as they are; numbers and booleans as their text; null
/// as absent. A direct visitor: no buffering, unlike an untagged enum.
struct Scalar(Option<String>);

impl<'de> Deserialize<'de> for Scalar {
  fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
    deserializer.deserialize_any(ScalarVisitor)
  }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
  type Value = Scalar;

  fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
    formatter.write_str("a string, number, boolean or null")
  }

  fn visit_str<E: de::Error>(self, text: &str) -> Result<Scalar, E> {
    Ok(Scalar(Some(text.to_owned())))
  }

  fn visit_string<E: de::Error>(self, text: String) -> Result<Scalar, E> {
    Ok(Scalar(Some(text)))
  }

  fn visit_i64<E: de::Error>(self, number: i64) -> Result<Scalar, E> {
    Ok(Scalar(Some(number.to_string())))
  }

  fn visit_u64<E: de::Error>(self, number: u64) -> Result<Scalar, E> {
    Ok(Scalar(Some(number.to_string())))
  }

  fn visit_f64<E: de::Error>(self, number: f64) -> Result<Scalar, E> {
    Ok(Scalar(Some(number.to_string())))
  }

  fn visit_bool<E: de::Error>(self, flag: bool) -> Result<Scalar, E> {
    Ok(Scalar(Some(flag.to_string())))
  }

  fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
    Ok(Scalar(None))
  }

  fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
    Ok(Scalar(None))
  }
}

fn text(value: Option<Scalar>) -> Option<String> {
  value.and_then(|Scalar(text)| text)
}

impl<'de> Deserialize<'de> for Emission {
  fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
    deserializer.deserialize_seq(EmissionVisitor)
  }
}

struct EmissionVisitor;

impl<'de> Visitor<'de> for EmissionVisitor {
  type Value = Emission;

  fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
    formatter.write_str("an emission array")
  }

  fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Emission, A::Error> {
    let event_type: String = seq
      .next_element()?
      .ok_or_else(|| de::Error::custom("emission without a type"))?;
    let status = match seq.next_element::<Option<String>>()?.flatten() {
      None => EventStatus::Success,
      Some(status) => EventStatus::parse(&status)
        .ok_or_else(|| de::Error::custom(format!("invalid status: {status}")))?,
    };
    let user_id = text(seq.next_element::<Scalar>()?);
    let session_id = text(seq.next_element::<Scalar>()?);
    let organization_id = text(seq.next_element::<Scalar>()?);
    let metadata = seq
      .next_element::<Option<Metadata>>()?
      .flatten()
      .unwrap_or_else(Metadata::empty);
    let ip_address = text(seq.next_element::<Scalar>()?);
    let user_agent = text(seq.next_element::<Scalar>()?);
    let timestamp = seq.next_element::<Option<f64>>()?.flatten().unwrap_or(0.0) as i64;
    while seq.next_element::<de::IgnoredAny>()?.is_some() {}
    Ok(Emission {
      event_type,
      status,
      user_id,
      session_id,
      organization_id,
      metadata,
      ip_address,
      user_agent,
      timestamp,
    })
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::json;

  #[test]
  fn each_field_is_read_from_its_place_in_emission_record() {
    let value = |name: &str| match name {
      "type" => json!("user.joined"),
      "status" => json!("failed"),
      "metadata" => json!({ "name": "Ada" }),
      "timestamp" => json!(7),
      other => json!(format!("{other}!")),
    };
    let record: Vec<_> = EMISSION_RECORD.iter().map(|name| value(name)).collect();
    let text = serde_json::to_string(&[record]).unwrap();
    let event = decode_emissions(text.as_bytes(), 100).unwrap().remove(0);
    assert_eq!(event.event_type, "user.joined");
    assert_eq!(event.status, EventStatus::Failed);
    assert_eq!(event.user_id.as_deref(), Some("userId!"));
    assert_eq!(event.session_id.as_deref(), Some("sessionId!"));
    assert_eq!(event.organization_id.as_deref(), Some("organizationId!"));
    assert_eq!(event.metadata.to_value(), json!({ "name": "Ada" }));
    assert_eq!(event.ip_address.as_deref(), Some("ip!"));
    assert_eq!(event.user_agent.as_deref(), Some("userAgent!"));
    assert_eq!(event.timestamp, 107);
  }

  #[test]
  fn decodes_records_in_order_with_timestamps_from_the_base() {
    let text = concat!(
      r#"[["user.joined","success","u1",null,null,{"name":"Ada"},"10.0.0.1","UA",0],"#,
      r#"["user.logged_in","failed",42,"s",null,null,null,null,17,"ignored"]]"#
    );
    let events = decode_emissions(text.as_bytes(), 1_795_370_534_300).unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].event_type, "user.joined");
    assert_eq!(events[0].timestamp, 1_795_370_534_300);
    assert_eq!(events[1].timestamp, 1_795_370_534_317);
    assert_eq!(events[0].metadata.to_value(), json!({"name": "Ada"}));
    assert_eq!(events[0].ip_address.as_deref(), Some("10.0.0.1"));
    assert_eq!(events[0].source, "app");
    assert_eq!(events[1].user_id.as_deref(), Some("42"));
    assert_eq!(events[1].status, EventStatus::Failed);
    assert_eq!(events[1].metadata.to_value(), json!({}));
    assert!(events[0].id < events[1].id);
  }

  #[test]
  fn rejects_an_unknown_status() {
    assert!(decode_emissions(br#"[["x","maybe"]]"#, 0).is_err());
  }
}
