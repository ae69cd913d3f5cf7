//! Pure Rust: the event model, display rules and configuration (the ingestion engine that
//! takes events to a store is `crate::engine`).

pub mod config;
pub mod display;
pub mod display_rules;
pub mod display_template;
pub mod emission;
pub mod event_id;
pub mod held;
pub mod metadata;
pub mod model;
pub mod timestamp;
