//! ClickHouse failures classified for the engine, and whether a failed INSERT may still have
//! been stored (which decides if the retry must first look for its rows).

use crate::store::StoreError;

/// Server error codes (`Code: N` in the answer) that say the rows themselves were refused.
const REFUSED_ROWS: [u32; 12] = [
  6,   // CANNOT_PARSE_TEXT
  26,  // CANNOT_PARSE_QUOTED_STRING
  27,  // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  32,  // ATTEMPT_TO_READ_AFTER_EOF
  33,  // CANNOT_READ_ALL_DATA
  41,  // CANNOT_PARSE_DATETIME
  43,  // ILLEGAL_TYPE_OF_ARGUMENT
  53,  // TYPE_MISMATCH
  69,  // ARGUMENT_OUT_OF_BOUND
  70,  // CANNOT_CONVERT_TYPE
  117, // INCORRECT_DATA
  131, // TOO_LARGE_STRING_SIZE
];

/// UNKNOWN_TABLE: create it again, then retry.
const UNKNOWN_TABLE: u32 = 60;

pub struct Classified {
  pub error: StoreError,
  pub table_missing: bool,
  /// The request may have reached the server and been applied.
  pub maybe_stored: bool,
}

pub fn classify(target: &str, error: &clickhouse::error::Error) -> Classified {
  use clickhouse::error::Error;
  let message = format!("{target}: {error}");
  match error {
    Error::BadResponse(answer) => {
      let code = server_code(answer);
      let refused = code.is_some_and(|code| REFUSED_ROWS.contains(&code));
      Classified {
        error: if refused {
          StoreError::rejected(message)
        } else {
          StoreError::unavailable(message)
        },
        table_missing: code == Some(UNKNOWN_TABLE),
        maybe_stored: false,
      }
    }
    Error::Network(cause) => Classified {
      error: StoreError::unavailable(message),
      table_missing: false,
      maybe_stored: !never_connected(cause.as_ref()),
    },
    Error::TimedOut => Classified {
      error: StoreError::unavailable(message),
      table_missing: false,
      maybe_stored: true,
    },
    _ => Classified {
      error: StoreError::rejected(message),
      table_missing: false,
      maybe_stored: false,
    },
  }
}

/// `Code: 60, e.displayText() = …` (18.x) or `Code: 60. DB::Exception: …` (current).
fn server_code(answer: &str) -> Option<u32> {
  let rest = &answer[answer.find("Code: ")? + 6..];
  let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
  digits.parse().ok()
}

/// A connection that could not be made: nothing was sent.
fn never_connected(cause: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
  cause
    .downcast_ref::<hyper_util::client::legacy::Error>()
    .is_some_and(hyper_util::client::legacy::Error::is_connect)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn reads_server_codes_of_old_and_new_servers() {
    assert_eq!(
      server_code("Code: 60, e.displayText() = DB::Exception: Table default.x doesn't exist."),
      Some(60)
    );
    assert_eq!(
      server_code(
        "Code: 27. DB::Exception: Cannot parse input. (CANNOT_PARSE_INPUT_ASSERTION_FAILED)"
      ),
      Some(27)
    );
    assert_eq!(server_code("502 Bad Gateway"), None);
  }
}
