//! napi glue of the Auth0 log tools: the native cores of `LogsApiClient`, `LogsApiStream`,
//! `LogsProcessor` and the event-store bridge, and the user's JS objects behind the core's traits.

mod callbacks;
pub mod client;
mod errors;
pub mod event_bridge;
pub mod options;
mod page;
pub mod processor;
pub mod stream;
