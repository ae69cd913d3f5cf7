//! auth-ingest: authentication event ingestion and Auth0 log shipping for Node.js.
//!
//! Layers: `events` (model, display rules, configuration), `store` (one file per backend
//! behind `EventStore`; it imports `events`' model), `engine` (the ingestion engine, which
//! takes events to a store; it imports both) and `auth0` (Management API client, checkpoint
//! paging, processor) are pure Rust, tested with `cargo test`. `node` (the `node` feature, on by
//! default) is the only module that knows napi: exported functions and classes, JS <-> Rust
//! conversion, error mapping, callbacks. The one napi mark outside it is the derive that lets
//! `events::config::IngestionConfig` cross as it is, behind the same feature.

pub mod auth0;
pub mod cede;
pub mod config_error;
pub mod engine;
pub mod events;
pub mod http;
#[cfg(feature = "node")]
pub mod node;
pub mod retry;
pub mod store;
#[cfg(test)]
pub(crate) mod test_http;
pub mod tls;

/// mimalloc for Rust's allocations: buffers freed on the runtime keep their pages, so the
/// JS thread's next copy does not fault fresh ones in (glibc handed them back to the system).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
