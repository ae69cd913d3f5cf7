//! Auth0 log shipping (SPEC part 2), pure Rust: the Management API client and its token
//! handling, the checkpoint pager, the processor's run loop, and the mapping of Auth0 logs
//! onto auth events (SPEC 2.5). JS callbacks (token cache, storage, handler, logger) come in
//! through the traits defined here and are implemented under `node`.

pub mod budget;
pub mod checkpoint_store;
pub mod client;
pub mod error;
pub mod event_mapping;
pub mod log_entry;
pub mod pager;
pub mod processor;
pub mod rate_limit;
pub mod run_logger;
pub mod run_report;
pub mod token;

#[cfg(test)]
mod tests;
