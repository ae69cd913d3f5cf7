//! Calls from Rust into JS: one weak threadsafe function, `dispatch(op, payload) → Promise<string>`,
//! written in `lib/` as an async function (so it never throws synchronously). Weak: it never
//! keeps the Node process alive by itself.

use napi::bindgen_prelude::{FnArgs, Promise};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::Status;
use napi_derive::napi;

/// `dispatch(op, payload)`, the JS side's single entry point (declared in the generated
/// `binding.d.ts` under this name, so the signatures that take it name a declared type).
#[napi]
pub type DispatchFunction = ThreadsafeFunction<
  FnArgs<(String, String)>,
  Promise<String>,
  FnArgs<(String, String)>,
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
  pub async fn call(&self, op: &str, payload: String) -> Result<String, String> {
    let promise = self
      .function
      .call_async_catch((op.to_owned(), payload).into())
      .await
      .map_err(|error| error.reason.clone())?;
    promise.await.map_err(|error| error.reason.clone())
  }

  /// Runs `op` on the JS side without waiting for it (it must not fail); dropped once JS is
  /// shutting down.
  pub fn notify(&self, op: &str, payload: String) {
    let _ = self.function.call(
      (op.to_owned(), payload).into(),
      ThreadsafeFunctionCallMode::NonBlocking,
    );
  }
}
