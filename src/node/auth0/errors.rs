//! Auth0 errors described for JS (`super::super::errors`): an invalid option is an
//! `ArgumentError`, a failed user callback an `Error` (`callback_failed`), everything else a
//! `ManagementApiError` with the API's code and the HTTP status.

use napi::Error;

use super::super::errors::{ErrorName, NativeErrorInfo};
use crate::auth0::error::{Auth0Error, ErrorKind};

pub fn error_info(error: Auth0Error) -> NativeErrorInfo {
  let name = match error.kind {
    ErrorKind::InvalidArgument => ErrorName::ArgumentError,
    ErrorKind::Callback => ErrorName::Error,
    _ => ErrorName::ManagementApiError,
  };
  NativeErrorInfo {
    name,
    code: error.code,
    message: error.message,
    status: error.status.map(u32::from),
  }
}

pub fn to_js_error(error: Auth0Error) -> Error {
  error_info(error).into_error()
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn each_kind_becomes_its_public_class() {
    let info = error_info(Auth0Error::management_api("Forbidden", "no", 403));
    assert_eq!(
      (info.name, info.code.as_str(), info.status),
      (ErrorName::ManagementApiError, "Forbidden", Some(403))
    );
    assert_eq!(
      error_info(Auth0Error::invalid_argument("x")).name,
      ErrorName::ArgumentError
    );
    let callback = error_info(Auth0Error::callback("The handler failed: x"));
    assert_eq!(
      (callback.name, callback.code.as_str()),
      (ErrorName::Error, "callback_failed")
    );
    assert_eq!(
      error_info(Auth0Error::network("cut")).name,
      ErrorName::ManagementApiError
    );
  }
}
