//! `events.client` for PostgreSQL (SPEC 1.2) turned into a `tokio_postgres::Config` and a TLS
//! choice, and the pool that opens connections from them. Secrets never reach a message.

use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use percent_encoding::percent_decode_str;
use serde::Deserialize;
use serde_json::Value;
use tokio_postgres::config::{Host, SslMode};
use tokio_postgres::{Config, NoTls};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::unverified_tls::unverified_client_config;
use crate::config_error::ConfigError;
use crate::store::table_name::TableName;
use crate::tls::client_config;

const FORMS: &str = "a connection string (postgres://user:pass@host:5432/db), { connectionString }, { host, port, user, password, database }, a pg Pool or Client, a Drizzle instance or a Prisma client whose datasource URL can be read";

/// Connections a store keeps open at most.
const POOL_SIZE: usize = 4;

/// How the connection is protected, as `sslmode` / the `ssl` option say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tls {
  /// No `sslmode` (as node-postgres), or `sslmode=disable`.
  Off,
  /// `prefer`, `require`, `verify-ca`, `verify-full` (node-postgres verifies for all of them):
  /// the server certificate must chain to the bundled roots or `NODE_EXTRA_CA_CERTS`.
  Verified,
  /// `sslmode=no-verify` or `ssl: { rejectUnauthorized: false }`: encrypted, not authenticated.
  Unverified,
}

/// Where the store connects: the driver configuration and a description safe to print.
#[derive(Clone)]
pub struct PostgresTarget {
  pub config: Config,
  pub tls: Tls,
  /// `host:port/database`, for messages.
  pub description: String,
}

/// `{ connectionString }` or the fields of a pg config / `Client.connectionParameters`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConfigObject {
  connection_string: Option<String>,
  host: Option<String>,
  port: Option<Value>,
  user: Option<String>,
  password: Option<String>,
  database: Option<String>,
  ssl: Option<Value>,
}

impl PostgresTarget {
  pub fn parse(client_type: &str, client: &Value, timeout: Duration) -> Result<Self, ConfigError> {
    let invalid = |why: &str| {
      ConfigError::new(format!(
        "events.client for clientType '{client_type}' {why}; it must be {FORMS}"
      ))
    };
    let (mut config, tls) = match client {
      Value::String(text) => parse_connection_string(text).map_err(|why| invalid(&why))?,
      Value::Object(_) => {
        let object = ConfigObject::deserialize(client)
          .map_err(|_| invalid("has a field of the wrong type (host, user, password, database and connectionString are strings)"))?;
        match &object.connection_string {
          Some(text) => parse_connection_string(text).map_err(|why| invalid(&why))?,
          None => parse_object(object).map_err(|why| invalid(&why))?,
        }
      }
      Value::Null => return Err(invalid("is missing")),
      _ => return Err(invalid("is neither a string nor an object")),
    };
    if config.get_hosts().is_empty() {
      config.host("localhost");
    }
    if config.get_user().is_none() {
      config.user("postgres");
    }
    config
      .connect_timeout(timeout)
      .keepalives(true)
      .keepalives_idle(Duration::from_secs(30))
      .application_name("auth-ingest");
    let description = describe(&config);
    Ok(Self {
      config,
      tls,
      description,
    })
  }

  /// A pool whose every wait (for a free connection, to connect, to check one) ends in `timeout`.
  pub fn pool(&self, timeout: Duration) -> Result<Pool, ConfigError> {
    let manager_config = ManagerConfig {
      recycling_method: RecyclingMethod::Verified,
    };
    let manager = match self.tls {
      Tls::Off => Manager::from_config(self.config.clone(), NoTls, manager_config),
      Tls::Verified | Tls::Unverified => {
        let tls = match self.tls {
          Tls::Verified => client_config().map_err(|error| ConfigError::new(error.to_string()))?,
          _ => unverified_client_config(),
        };
        let mut config = self.config.clone();
        config.ssl_mode(SslMode::Require);
        Manager::from_config(
          config,
          MakeRustlsConnect::new(Arc::unwrap_or_clone(tls)),
          manager_config,
        )
      }
    };
    Pool::builder(manager)
      .max_size(POOL_SIZE)
      .runtime(Runtime::Tokio1)
      .wait_timeout(Some(timeout))
      .create_timeout(Some(timeout))
      .recycle_timeout(Some(timeout))
      .build()
      .map_err(|error| ConfigError::new(format!("cannot create the PostgreSQL pool: {error}")))
  }
}

/// Parameters of a URL that tokio-postgres understands; others (Prisma's `connection_limit`,
/// `pgbouncer`, …) are left out rather than refused.
const DRIVER_PARAMS: [&str; 12] = [
  "user",
  "password",
  "dbname",
  "options",
  "application_name",
  "host",
  "hostaddr",
  "port",
  "connect_timeout",
  "keepalives",
  "keepalives_idle",
  "target_session_attrs",
];

fn parse_connection_string(text: &str) -> Result<(Config, Tls), String> {
  if !(text.starts_with("postgres://") || text.starts_with("postgresql://")) {
    // libpq's `key=value` form.
    let config: Config = text
      .parse()
      .map_err(|error| format!("is not a valid connection string ({error})"))?;
    let tls = match config.get_ssl_mode() {
      SslMode::Disable => Tls::Off,
      _ if text.contains("sslmode") => Tls::Verified,
      _ => Tls::Off,
    };
    return Ok((config, tls));
  }
  // Query parameters are read raw (percent-decoding only, as libpq does: `+` stays `+`).
  let (base, query) = text.split_once('?').unwrap_or((text, ""));
  let mut kept = Vec::new();
  let mut tls = Tls::Off;
  let mut schema = None;
  for pair in query.split('&').filter(|pair| !pair.is_empty()) {
    let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
    let value = || {
      percent_decode_str(raw)
        .decode_utf8()
        .map(|value| value.into_owned())
        .map_err(|_| format!("has a {key} parameter that is not valid UTF-8"))
    };
    match key {
      "sslmode" => tls = ssl_mode(&value()?)?,
      "ssl" => {
        tls = if matches!(value()?.as_str(), "true" | "1") {
          Tls::Verified
        } else {
          Tls::Off
        }
      }
      "schema" => schema = Some(value()?),
      key if DRIVER_PARAMS.contains(&key) => kept.push(pair),
      _ => {}
    }
  }
  let kept = if kept.is_empty() {
    base.to_owned()
  } else {
    format!("{base}?{}", kept.join("&"))
  };
  let mut config: Config = kept
    .parse()
    .map_err(|error| format!("is not a valid connection URL ({error})"))?;
  if let Some(schema) = schema {
    // Prisma's `?schema=`: the search path its queries, and so the JS package's tables, use.
    TableName::parse(Some(&schema))
      .ok()
      .filter(|name| name.schema.is_none())
      .ok_or_else(|| "has a schema parameter that is not an SQL identifier".to_owned())?;
    config.options(format!("-c search_path={schema}"));
  }
  Ok((config, tls))
}

fn ssl_mode(value: &str) -> Result<Tls, String> {
  match value {
    "disable" => Ok(Tls::Off),
    "allow" | "prefer" | "require" | "verify-ca" | "verify-full" => Ok(Tls::Verified),
    "no-verify" => Ok(Tls::Unverified),
    _ => Err(format!(
      "has sslmode={value:?} (expected disable, prefer, require, verify-ca, verify-full or no-verify)"
    )),
  }
}

fn parse_object(object: ConfigObject) -> Result<(Config, Tls), String> {
  let mut config = Config::new();
  if let Some(host) = object.host.filter(|host| !host.is_empty()) {
    if host.starts_with('/') {
      config.host_path(host);
    } else {
      config.host(host);
    }
  }
  match object.port {
    None | Some(Value::Null) => {}
    Some(port) => {
      let number = match &port {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.parse().ok(),
        _ => None,
      };
      let port = number
        .and_then(|n| u16::try_from(n).ok())
        .ok_or_else(|| format!("has an invalid port {port}"))?;
      config.port(port);
    }
  }
  if let Some(user) = object.user {
    config.user(user);
  }
  if let Some(password) = object.password {
    config.password(password);
  }
  if let Some(database) = object.database {
    config.dbname(database);
  }
  let tls = match object.ssl {
    None | Some(Value::Null) | Some(Value::Bool(false)) => Tls::Off,
    Some(Value::Bool(true)) => Tls::Verified,
    Some(Value::Object(options)) => {
      if options.get("rejectUnauthorized") == Some(&Value::Bool(false)) {
        Tls::Unverified
      } else {
        Tls::Verified
      }
    }
    Some(Value::String(mode)) => ssl_mode(&mode)?,
    Some(_) => return Err("has an ssl option that is neither a boolean nor an object".into()),
  };
  Ok((config, tls))
}

fn describe(config: &Config) -> String {
  let host = match config.get_hosts().first() {
    Some(Host::Tcp(host)) => host.clone(),
    #[cfg(unix)]
    Some(Host::Unix(path)) => path.display().to_string(),
    None => "localhost".into(),
  };
  let port = config.get_ports().first().copied().unwrap_or(5432);
  let database = config
    .get_dbname()
    .or(config.get_user())
    .unwrap_or("postgres");
  format!("PostgreSQL at {host}:{port}/{database}")
}

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::json;

  const TIMEOUT: Duration = Duration::from_secs(1);

  #[test]
  fn reads_urls_with_ssl_and_prisma_parameters() {
    let url = json!("postgres://ada:s3cret@db.example.com:6543/app?sslmode=require&schema=analytics&connection_limit=5");
    let target = PostgresTarget::parse("prisma", &url, TIMEOUT).unwrap();
    assert_eq!(target.tls, Tls::Verified);
    assert_eq!(target.config.get_user(), Some("ada"));
    assert_eq!(target.config.get_password(), Some(&b"s3cret"[..]));
    assert_eq!(
      target.config.get_options(),
      Some("-c search_path=analytics")
    );
    assert_eq!(target.description, "PostgreSQL at db.example.com:6543/app");
    let url = json!("postgresql://u@h/db?options=-c%20statement_timeout%3D5000&password=a+b");
    let target = PostgresTarget::parse("postgres", &url, TIMEOUT).unwrap();
    assert_eq!(
      target.config.get_options(),
      Some("-c statement_timeout=5000")
    );
    assert_eq!(target.config.get_password(), Some(&b"a+b"[..]));
  }

  #[test]
  fn reads_config_objects() {
    let object = json!({ "host": "127.0.0.1", "port": "5433", "user": "u", "password": "p", "database": "d", "ssl": { "rejectUnauthorized": false } });
    let target = PostgresTarget::parse("postgres", &object, TIMEOUT).unwrap();
    assert_eq!(target.tls, Tls::Unverified);
    assert_eq!(target.config.get_ports(), &[5433]);
    let wrapped = json!({ "connectionString": "postgresql://u@h/d" });
    let target = PostgresTarget::parse("drizzle", &wrapped, TIMEOUT).unwrap();
    assert_eq!(
      (target.tls, target.config.get_dbname()),
      (Tls::Off, Some("d"))
    );
  }

  #[test]
  fn errors_never_show_the_password() {
    for bad in [
      json!("postgres://ada:hunter2@[::1/db"),
      json!("postgres://ada:hunter2@host/db?sslmode=sometimes"),
      json!({ "password": "hunter2", "port": "x" }),
      json!(42),
    ] {
      let error = PostgresTarget::parse("postgres", &bad, TIMEOUT)
        .err()
        .unwrap();
      assert!(!error.0.contains("hunter2"), "{}", error.0);
      assert!(error.0.contains("clientType 'postgres'"), "{}", error.0);
    }
  }
}
