//! Auth0 logs into the event store (SPEC 2.5): logs to emission lines for `NativeIngestion`.

use napi::Result;
use napi_derive::napi;

use super::errors::to_js_error;
use crate::auth0::error::Auth0Error;
use crate::auth0::event_mapping::emissions_for_logs;

/// A JSON array of Auth0 logs → newline-separated emissions (see `events::emission`).
#[napi]
pub fn auth0_logs_to_emissions(logs: String) -> Result<String> {
  emissions_for_logs(&logs).map_err(|reason| to_js_error(Auth0Error::invalid_argument(reason)))
}
