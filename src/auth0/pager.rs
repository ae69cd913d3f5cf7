//! The checkpoint pager (SPEC 2.2): walks a tenant's logs oldest first from a checkpoint,
//! filters them by type, waits out rate limits while the budget allows and retries transient
//! failures with the project's backoff — a fresh retry budget for every request.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::budget::RunBudget;
use super::client::ManagementClient;
use super::error::{Auth0Error, ErrorKind};
use super::log_entry::LogEntry;
use super::rate_limit::Limits;
use super::run_logger::{LogLevel, RunLogger};
use crate::events::timestamp::now_millis;
use crate::retry::Backoff;

#[derive(Clone, Debug)]
pub struct PagerSettings {
  /// Log type codes to keep; empty keeps every log.
  pub types: Vec<String>,
  /// Retries of one failed request.
  pub max_retries: u32,
  pub backoff: Backoff,
  pub budget: RunBudget,
}

#[derive(Debug)]
pub struct Page {
  /// The logs of the page that pass the type filter (possibly none).
  pub logs: Vec<LogEntry>,
  pub limits: Limits,
}

#[derive(Debug)]
pub enum PageOutcome {
  Page(Page),
  /// The API returned no log: nothing more after the position.
  Exhausted,
  /// The rate limit is spent and the budget leaves no time to wait for its reset.
  RateLimited,
}

pub struct CheckpointPager {
  client: Arc<ManagementClient>,
  settings: PagerSettings,
  query: Option<String>,
  position: Option<String>,
  limits: Limits,
  logger: Arc<dyn RunLogger>,
}

impl CheckpointPager {
  pub fn new(
    client: Arc<ManagementClient>,
    settings: PagerSettings,
    checkpoint: Option<String>,
    logger: Arc<dyn RunLogger>,
  ) -> Self {
    let query =
      (!settings.types.is_empty()).then(|| format!("type:{}", settings.types.join(" OR type:")));
    Self {
      client,
      settings,
      query,
      position: checkpoint,
      limits: Limits::default(),
      logger,
    }
  }

  /// The `_id` of the last log the API returned (the scan position), or the start checkpoint.
  pub fn position(&self) -> Option<&str> {
    self.position.as_deref()
  }

  pub fn budget(&self) -> RunBudget {
    self.settings.budget
  }

  /// The next page of up to `take` logs after the position.
  pub async fn next(&mut self, take: u32) -> Result<PageOutcome, Auth0Error> {
    if self.limits.is_spent() {
      let wait = self
        .limits
        .until_reset(now_millis())
        .unwrap_or(self.settings.backoff.first);
      if !self.wait_for_rate_limit(wait).await {
        return Ok(PageOutcome::RateLimited);
      }
    }
    let params = self.params(take);
    self.logger.log(
      LogLevel::Debug,
      match &self.position {
        Some(checkpoint) => format!("Requesting logs from checkpoint {checkpoint}"),
        None => "Requesting logs from page 0".to_owned(),
      },
    );
    let started = Instant::now();
    let mut failures = 0;
    loop {
      if self.settings.budget.is_spent() {
        return Err(Auth0Error::timeout(
          "The run's time budget was spent before the logs were received",
        ));
      }
      let timeout = self
        .settings
        .budget
        .cap(self.client.settings().request_timeout);
      match self.client.get_logs(&params, Some(timeout)).await {
        Ok(response) => {
          let elapsed = started.elapsed().as_millis();
          self
            .logger
            .log(LogLevel::Debug, format!("Retrieved logs in {elapsed}ms."));
          self.limits = response.limits;
          return self.advance(response.logs, response.limits);
        }
        Err(error) if error.kind == ErrorKind::RateLimited => {
          let wait = error
            .retry_after
            .unwrap_or_else(|| self.settings.backoff.delay(failures))
            .max(self.settings.backoff.first);
          if !self.wait_for_rate_limit(wait).await {
            return Ok(PageOutcome::RateLimited);
          }
        }
        Err(error) if error.is_transient() && failures < self.settings.max_retries => {
          let delay = self.settings.backoff.delay(failures);
          if !self.settings.budget.allows(delay) {
            return Err(error);
          }
          failures += 1;
          self.logger.log(
            LogLevel::Debug,
            format!(
              "Request failed ({}), retry {failures} of {} in {}ms.",
              error.message,
              self.settings.max_retries,
              delay.as_millis()
            ),
          );
          tokio::time::sleep(delay).await;
        }
        Err(error) => return Err(error),
      }
    }
  }

  fn params(&self, take: u32) -> Vec<(String, String)> {
    let mut params = match &self.position {
      Some(checkpoint) => vec![
        ("take".to_owned(), take.to_string()),
        ("from".to_owned(), checkpoint.clone()),
      ],
      None => vec![
        ("per_page".to_owned(), take.to_string()),
        ("page".to_owned(), "0".to_owned()),
      ],
    };
    if let Some(query) = &self.query {
      params.push(("q".to_owned(), query.clone()));
    }
    params.push(("sort".to_owned(), "date:1".to_owned()));
    params
  }

  /// Moves the position past every returned log, kept by the filter or not.
  fn advance(&mut self, logs: Vec<LogEntry>, limits: Limits) -> Result<PageOutcome, Auth0Error> {
    let Some(last) = logs.last() else {
      return Ok(PageOutcome::Exhausted);
    };
    let invalid = |reason: String| {
      Auth0Error::invalid_response(
        format!("Unexpected response from the Management API: {reason}"),
        200,
      )
    };
    self.position = Some(last.head().map_err(invalid)?.id);
    let logs = if self.settings.types.is_empty() {
      logs
    } else {
      let kept = |log: &LogEntry| {
        let code = log.head().ok().and_then(|head| head.log_type);
        code.is_some_and(|code| self.settings.types.contains(&code))
      };
      logs.into_iter().filter(kept).collect()
    };
    Ok(PageOutcome::Page(Page { logs, limits }))
  }

  async fn wait_for_rate_limit(&mut self, wait: Duration) -> bool {
    if !self.settings.budget.allows_rate_limit_wait(wait) {
      return false;
    }
    let millis = wait.as_millis();
    self.logger.log(
      LogLevel::Info,
      format!("Rate limit reached, waiting {millis}ms for its reset."),
    );
    tokio::time::sleep(wait).await;
    self.limits = Limits::default();
    true
  }
}
