//! Calls from Rust into JS: one weak threadsafe function, `dispatch(op, payload) → Promise<string>`,
//! written in `lib/` as an async function (so it never throws synchronously). Weak: it never
//! keeps the Node process alive by itself.

use napi::bindgen_prelude::{FnArgs, Promise};
use napi::threadsafe_function::ThreadsafeFunction;
use napi::Status;
use napi_derive::napi;

/// What event ingestion asks of JS through `dispatch`: defined here once; `lib/ingestion/
/// dispatch.js` handles exactly these (it checks so when it loads). Each says what its
/// `payload` holds ("a batch": a custom provider's as a held payload, `wireLayouts().heldPayload`
/// (`held_payload`); a native store's as the JSON of event values[], `wireLayouts().eventValues`
/// per event) and what JS answers (empty unless said).
#[napi(string_enum)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DispatchOperation {
  /// A custom provider's `ingestBatch` (or `ingest`, one by one). Payload: a batch.
  #[napi(value = "ingestBatch")]
  IngestBatch,
  /// A custom provider's `healthCheck`: answers "true" or "false". Payload: empty.
  #[napi(value = "healthCheck")]
  HealthCheck,
  /// A custom provider's `shutdown`. Payload: empty.
  #[napi(value = "shutdown")]
  Shutdown,
  /// `onEventIngest` for each event of a batch. Payload: a batch.
  #[napi(value = "eventIngest")]
  EventIngest,
  /// `onError(error, events)`. Payload: the message as a JSON string, a newline, the batch.
  #[napi(value = "error")]
  Error,
}

/// `dispatch(op, payload)`, the JS side's single entry point (declared in the generated
/// `binding.d.ts` under this name, so the signatures that take it name a declared type).
/// `payload` and the answer are texts whose content `op` says (see `DispatchOperation`): a
/// type alias takes no `ts_type`, so those docs name what they hold.
#[napi]
pub type DispatchFunction = ThreadsafeFunction<
  FnArgs<(DispatchOperation, String)>,
  Promise<String>,
  FnArgs<(DispatchOperation, String)>,
  Status,
  false,
  true,
>;

pub struct JsDispatch {
  function: DispatchFunction,
}

impl JsDispatch {
  pub fn new(function: DispatchFunction) -> Self {
    Self { function }
  }

  /// Runs `op` on the JS side; `Err` carries the JS error's message.
  pub async fn call(&self, op: DispatchOperation, payload: String) -> Result<String, String> {
    let promise = self
      .function
      .call_async_catch((op, payload).into())
      .await
      .map_err(|error| error.reason.clone())?;
    promise.await.map_err(|error| error.reason.clone())
  }
}
