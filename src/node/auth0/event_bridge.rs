//! Auth0 logs into the event store (SPEC 2.5): logs to `AuthEvent`s for a provider's `ingestBatch`.

use napi::Result;
use napi_derive::napi;

use super::errors::to_js_error;
use crate::auth0::error::Auth0Error;
use crate::auth0::event_mapping::events_for_logs;
use crate::node::event_values::event_values_json;

/// A JSON array of Auth0 logs → their `AuthEvent`s, in the flat layout of `event_values`.
#[napi(ts_return_type = "string /* JSON: event values[], wireLayouts().eventValues per event */")]
pub fn auth0_logs_to_events(
  #[napi(ts_arg_type = "string /* JSON: Auth0 log objects[] */")] logs: String,
) -> Result<String> {
  let events =
    events_for_logs(&logs).map_err(|reason| to_js_error(Auth0Error::invalid_argument(reason)))?;
  Ok(event_values_json(&events))
}
