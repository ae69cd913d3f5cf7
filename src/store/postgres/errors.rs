//! PostgreSQL failures classified for the engine: an outage is retried, refused rows are
//! split out. The classification is what keeps "nothing lost, nothing duplicated".

use deadpool_postgres::PoolError;
use tokio_postgres::error::SqlState;

use crate::store::StoreError;

/// What went wrong, and whether the table must be created again before the next write.
pub struct Classified {
  pub error: StoreError,
  pub table_missing: bool,
}

pub fn classify(target: &str, error: &tokio_postgres::Error) -> Classified {
  let message = format!("{target}: {}", describe(error));
  let Some(code) = error.code() else {
    // No SQLSTATE: the connection broke or could not be made.
    return outage(message);
  };
  if code == &SqlState::UNDEFINED_TABLE {
    return Classified {
      error: StoreError::unavailable(message),
      table_missing: true,
    };
  }
  let class = &code.code()[..2];
  let transient = matches!(
    class,
    // connection exception, operator intervention (shutdown, restart), insufficient
    // resources, transaction rollback (serialization, deadlock), system/config errors
    "08" | "57" | "53" | "40" | "58" | "F0" | "XX" | "25"
  ) || code == &SqlState::INVALID_PASSWORD
    || code == &SqlState::INVALID_AUTHORIZATION_SPECIFICATION
    || code == &SqlState::INVALID_CATALOG_NAME
    || code == &SqlState::LOCK_NOT_AVAILABLE
    || code == &SqlState::QUERY_CANCELED;
  if transient {
    outage(message)
  } else {
    Classified {
      error: StoreError::rejected(message),
      table_missing: false,
    }
  }
}

pub fn classify_pool(target: &str, error: &PoolError) -> Classified {
  match error {
    PoolError::Backend(error) => classify(target, error),
    other => outage(format!("{target}: {other}")),
  }
}

fn outage(message: String) -> Classified {
  Classified {
    error: StoreError::unavailable(message),
    table_missing: false,
  }
}

/// The server's own message (and detail) when there is one, else the driver's.
fn describe(error: &tokio_postgres::Error) -> String {
  match error.as_db_error() {
    Some(db) => match db.detail() {
      Some(detail) => format!("{} ({detail})", db.message()),
      None => db.message().to_owned(),
    },
    None => match std::error::Error::source(error) {
      Some(cause) => format!("{error}: {cause}"),
      None => error.to_string(),
    },
  }
}

pub fn is_duplicate_key(error: &tokio_postgres::Error) -> bool {
  error.code() == Some(&SqlState::UNIQUE_VIOLATION)
}
