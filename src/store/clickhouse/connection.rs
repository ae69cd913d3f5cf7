//! `events.client` for ClickHouse (SPEC 1.2) turned into a `clickhouse::Client` over our own
//! hyper client: `TCP_NODELAY` (without it every INSERT waits ~40 ms for a delayed ACK) and,
//! for `https://`, the shared rustls configuration. Secrets never reach a message.

use std::time::Duration;

use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::TokioExecutor;
use serde::Deserialize;
use serde_json::Value;
use url::Url;

use crate::config_error::ConfigError;
use crate::tls::client_config;

const FORMS: &str = "a URL (http://user:pass@host:8123/db), { url, username, password, database } or a @clickhouse/client client whose URL can be read";

/// ClickHouse closes idle HTTP connections after 3 s: reuse them for less than that.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(2);

/// Where the store connects; `description` (scheme, host, port, database) is safe to print.
pub struct ClickHouseTarget {
  pub url: String,
  pub user: Option<String>,
  pub password: Option<String>,
  pub database: Option<String>,
  pub description: String,
}

#[derive(Deserialize)]
struct ConfigObject {
  url: Option<String>,
  /// `host` is the older name of `url` in @clickhouse/client.
  host: Option<String>,
  username: Option<String>,
  password: Option<String>,
  database: Option<String>,
}

impl ClickHouseTarget {
  pub fn parse(client: &Value) -> Result<Self, ConfigError> {
    let invalid = |why: &str| {
      ConfigError::new(format!(
        "events.client for clientType 'clickhouse' {why}; it must be {FORMS}"
      ))
    };
    let object = match client {
      Value::String(url) => ConfigObject {
        url: Some(url.clone()),
        host: None,
        username: None,
        password: None,
        database: None,
      },
      Value::Object(_) => ConfigObject::deserialize(client).map_err(|_| {
        invalid("has a field of the wrong type (url, username, password and database are strings)")
      })?,
      Value::Null => return Err(invalid("is missing")),
      _ => return Err(invalid("is neither a string nor an object")),
    };
    let text = object
      .url
      .or(object.host)
      .ok_or_else(|| invalid("has no url"))?;
    let mut url =
      Url::parse(&text).map_err(|error| invalid(&format!("is not a valid URL ({error})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
      return Err(invalid("is not an http:// or https:// URL"));
    }
    let decoded = |text: &str| {
      percent_decode(text)
        .map_err(|_| invalid("has a user name or password that is not valid UTF-8"))
    };
    let user = match url.username() {
      "" => object.username,
      name => Some(decoded(name)?),
    };
    let password = match url.password() {
      Some(password) => Some(decoded(password)?),
      None => object.password,
    };
    let path_database = url.path().trim_matches('/').to_owned();
    let database = object
      .database
      .or_else(|| (!path_database.is_empty()).then(|| path_database.clone()))
      .or_else(|| {
        url
          .query_pairs()
          .find(|(key, _)| key == "database")
          .map(|(_, value)| value.into_owned())
      });
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_path("");
    url.set_query(None);
    url.set_fragment(None);
    let base = url.as_str().trim_end_matches('/').to_owned();
    let description = format!(
      "ClickHouse at {base}/{}",
      database.as_deref().unwrap_or("default")
    );
    Ok(Self {
      url: base,
      user,
      password,
      database,
      description,
    })
  }

  pub fn client(&self, timeout: Duration) -> Result<clickhouse::Client, ConfigError> {
    let mut http = HttpConnector::new();
    http.set_nodelay(true);
    http.set_keepalive(Some(Duration::from_secs(60)));
    http.set_connect_timeout(Some(timeout));
    let mut builder = HyperClient::builder(TokioExecutor::new());
    builder.pool_idle_timeout(POOL_IDLE_TIMEOUT);
    let client = if self.url.starts_with("https://") {
      http.enforce_http(false);
      let tls = client_config().map_err(|error| ConfigError::new(error.to_string()))?;
      let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config((*tls).clone())
        .https_only()
        .enable_http1()
        .wrap_connector(http);
      clickhouse::Client::with_http_client(builder.build(connector))
    } else {
      clickhouse::Client::with_http_client(builder.build(http))
    };
    let mut client = client.with_url(&self.url);
    if let Some(user) = &self.user {
      client = client.with_user(user);
    }
    if let Some(password) = &self.password {
      client = client.with_password(password);
    }
    if let Some(database) = &self.database {
      client = client.with_database(database);
    }
    Ok(client)
  }
}

fn percent_decode(text: &str) -> Result<String, std::str::Utf8Error> {
  percent_encoding::percent_decode_str(text)
    .decode_utf8()
    .map(|text| text.into_owned())
}

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::json;

  #[test]
  fn reads_urls_and_objects() {
    let target =
      ClickHouseTarget::parse(&json!("http://ada:p%40ss@127.0.0.1:8123/analytics")).unwrap();
    assert_eq!(target.url, "http://127.0.0.1:8123");
    assert_eq!(target.user.as_deref(), Some("ada"));
    assert_eq!(target.password.as_deref(), Some("p@ss"));
    assert_eq!(target.database.as_deref(), Some("analytics"));
    assert_eq!(
      target.description,
      "ClickHouse at http://127.0.0.1:8123/analytics"
    );
    let target = ClickHouseTarget::parse(
      &json!({ "url": "https://ch.example.com:8443", "username": "u", "password": "p" }),
    )
    .unwrap();
    assert_eq!(
      (target.url.as_str(), target.database),
      ("https://ch.example.com:8443", None)
    );
  }

  #[test]
  fn errors_never_show_the_password() {
    for bad in [
      json!("ftp://ada:hunter2@host/db"),
      json!("http://ada:hunter2@[::1/db"),
      json!({ "url": "http://h", "password": 42 }),
      json!(true),
    ] {
      let error = ClickHouseTarget::parse(&bad).err().unwrap();
      assert!(!error.0.contains("hunter2"), "{}", error.0);
      assert!(error.0.contains("clientType 'clickhouse'"), "{}", error.0);
    }
  }
}
