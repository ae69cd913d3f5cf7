//! [`JsonText`]: a JS value as the JSON text `JSON.stringify` would write of it.
//!
//! Values that mean what JSON keeps of them (an event given to `provider.ingest`, a query's
//! `since`) cross as JS values, typed in `binding.d.ts`, and are read here as JSON reads them:
//! `toJSON()` is called (a `Date` becomes its ISO text), `undefined`, functions and symbols
//! are left out of objects and are `null` in arrays, numbers that are not finite are `null`,
//! only own enumerable string keys are read, in their order. napi's own `serde_json::Value`
//! conversion is not JSON's (it reads a `Date` as `{}`, refuses `undefined` and sorts keys),
//! and text keeps an event's metadata as `JSON.stringify` wrote it (`events::metadata`); serde
//! then checks it as it checks any JSON.

use std::ffi::CStr;
use std::ptr;

use napi::bindgen_prelude::FromNapiValue;
use napi::sys::{self, KeyCollectionMode, KeyConversion, KeyFilter};
use napi::{Result, Status, ValueType};

use super::errors::invalid_argument;

/// `JSON.stringify` throws on a cycle; this stops at the nesting serde_json itself accepts.
const MAX_DEPTH: u32 = 128;

pub struct JsonText(pub String);

impl FromNapiValue for JsonText {
  unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
    let mut writer = JsonWriter {
      env,
      text: String::new(),
    };
    if !unsafe { writer.write(value, "", MAX_DEPTH)? } {
      writer.text.push_str("null");
    }
    Ok(Self(writer.text))
  }
}

struct JsonWriter {
  env: sys::napi_env,
  text: String,
}

impl JsonWriter {
  /// Writes the value at `key` of its holder (`toJSON` receives the key); false, having
  /// written nothing, when JSON leaves it out.
  unsafe fn write(&mut self, value: sys::napi_value, key: &str, depth: u32) -> Result<bool> {
    let value = unsafe { self.to_json(value, key)? };
    match unsafe { self.type_of(value)? } {
      ValueType::Null => self.text.push_str("null"),
      ValueType::Boolean => {
        let flag = unsafe { bool::from_napi_value(self.env, value)? };
        self.text.push_str(if flag { "true" } else { "false" });
      }
      ValueType::Number => {
        let number = unsafe { f64::from_napi_value(self.env, value)? };
        if number.is_finite() {
          // JSON writes a finite number as JS prints it (`1e+21`, `10000000000000000`, `1e-7`).
          let mut printed = ptr::null_mut();
          ok(unsafe { sys::napi_coerce_to_string(self.env, value, &mut printed) })?;
          self
            .text
            .push_str(&unsafe { String::from_napi_value(self.env, printed)? });
        } else {
          self.text.push_str("null");
        }
      }
      ValueType::String => {
        let string = unsafe { String::from_napi_value(self.env, value)? };
        self.push_quoted(&string);
      }
      ValueType::BigInt => return Err(invalid_argument("a BigInt cannot be written as JSON")),
      ValueType::Object if depth == 0 => {
        return Err(invalid_argument(format!(
          "a value nested more than {MAX_DEPTH} levels deep (a cycle?) cannot be written as JSON"
        )))
      }
      ValueType::Object if unsafe { self.is_array(value)? } => unsafe { self.array(value, depth)? },
      ValueType::Object => unsafe { self.object(value, depth)? },
      _ => return Ok(false),
    }
    Ok(true)
  }

  unsafe fn array(&mut self, array: sys::napi_value, depth: u32) -> Result<()> {
    let mut length = 0;
    ok(unsafe { sys::napi_get_array_length(self.env, array, &mut length) })?;
    self.text.push('[');
    for index in 0..length {
      if index > 0 {
        self.text.push(',');
      }
      let mut element = ptr::null_mut();
      ok(unsafe { sys::napi_get_element(self.env, array, index, &mut element) })?;
      if !unsafe { self.write(element, &index.to_string(), depth - 1)? } {
        self.text.push_str("null");
      }
    }
    self.text.push(']');
    Ok(())
  }

  unsafe fn object(&mut self, object: sys::napi_value, depth: u32) -> Result<()> {
    let mut keys = ptr::null_mut();
    ok(unsafe {
      sys::napi_get_all_property_names(
        self.env,
        object,
        KeyCollectionMode::own_only,
        KeyFilter::enumerable | KeyFilter::skip_symbols,
        KeyConversion::numbers_to_strings,
        &mut keys,
      )
    })?;
    let mut count = 0;
    ok(unsafe { sys::napi_get_array_length(self.env, keys, &mut count) })?;
    self.text.push('{');
    let mut written = 0;
    for index in 0..count {
      let mut key = ptr::null_mut();
      ok(unsafe { sys::napi_get_element(self.env, keys, index, &mut key) })?;
      let mut field = ptr::null_mut();
      ok(unsafe { sys::napi_get_property(self.env, object, key, &mut field) })?;
      let name = unsafe { String::from_napi_value(self.env, key)? };
      let start = self.text.len();
      if written > 0 {
        self.text.push(',');
      }
      self.push_quoted(&name);
      self.text.push(':');
      if unsafe { self.write(field, &name, depth - 1)? } {
        written += 1;
      } else {
        self.text.truncate(start);
      }
    }
    self.text.push('}');
    Ok(())
  }

  fn push_quoted(&mut self, string: &str) {
    self
      .text
      .push_str(&serde_json::to_string(string).expect("a string serializes"));
  }

  /// `value.toJSON(key)` when `value` is an object with that method, else `value`.
  unsafe fn to_json(&self, value: sys::napi_value, key: &str) -> Result<sys::napi_value> {
    if unsafe { self.type_of(value)? } != ValueType::Object {
      return Ok(value);
    }
    const TO_JSON: &CStr = c"toJSON";
    let mut method = ptr::null_mut();
    ok(unsafe { sys::napi_get_named_property(self.env, value, TO_JSON.as_ptr(), &mut method) })?;
    if unsafe { self.type_of(method)? } != ValueType::Function {
      return Ok(value);
    }
    let mut key_value = ptr::null_mut();
    ok(unsafe {
      sys::napi_create_string_utf8(
        self.env,
        key.as_ptr().cast(),
        key.len() as isize,
        &mut key_value,
      )
    })?;
    let mut result = ptr::null_mut();
    ok(unsafe { sys::napi_call_function(self.env, value, method, 1, &key_value, &mut result) })?;
    Ok(result)
  }

  unsafe fn type_of(&self, value: sys::napi_value) -> Result<ValueType> {
    let mut kind = 0;
    ok(unsafe { sys::napi_typeof(self.env, value, &mut kind) })?;
    Ok(ValueType::from(kind))
  }

  unsafe fn is_array(&self, value: sys::napi_value) -> Result<bool> {
    let mut is_array = false;
    ok(unsafe { sys::napi_is_array(self.env, value, &mut is_array) })?;
    Ok(is_array)
  }
}

fn ok(status: sys::napi_status) -> Result<()> {
  match status {
    sys::Status::napi_ok => Ok(()),
    status => Err(napi::Error::new(
      Status::from(status),
      "reading a JS value as JSON failed".to_owned(),
    )),
  }
}
