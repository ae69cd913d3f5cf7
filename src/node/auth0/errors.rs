//! Auth0 errors to JS, in one place: the napi error's message is the error value as JSON
//! (`{ kind, code, message, status }`), which `lib/auth0/errors.js` turns into
//! `ArgumentError`, `ManagementApiError` or `Error`.

use napi::{Error, Status};

use crate::auth0::error::Auth0Error;

pub fn to_js_error(error: Auth0Error) -> Error {
  let status = match error.kind {
    crate::auth0::error::ErrorKind::InvalidArgument => Status::InvalidArg,
    _ => Status::GenericFailure,
  };
  Error::new(
    status,
    serde_json::to_string(&error).expect("an Auth0 error serializes"),
  )
}

pub fn invalid_options(error: serde_json::Error) -> Error {
  to_js_error(Auth0Error::invalid_argument(format!(
    "Invalid options: {error}"
  )))
}
