//! The only module that knows napi: exported functions and classes, JS <-> Rust conversion,
//! error mapping and threadsafe callbacks. Everything below it is plain Rust.

pub mod auth0;
mod errors;
pub(crate) mod event_values;
mod held_payload;
pub mod ingestion;
mod js_dispatch;
mod js_provider;
mod json_text;
mod runtime;
pub mod wire_layouts;
