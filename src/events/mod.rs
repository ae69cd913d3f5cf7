//! Pure Rust: the event model, display rules, configuration and the ingestion engine.

pub mod config;
pub mod display;
pub mod display_rules;
pub mod emission;
pub mod engine;
pub mod event_id;
pub mod held;
pub mod metadata;
pub mod model;
pub mod timestamp;
