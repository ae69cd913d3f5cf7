'use strict'
// Native errors to the public error classes, in one place, for both APIs.
//
// The convention (src/node/errors.rs): every native error is described by
// `{ name, code, message, status }` — `name` the public class (`ErrorName`: `TypeError`,
// `ArgumentError`, `ManagementApiError` or `Error`), `code` a stable snake_case code, `status`
// the HTTP status of a Management API answer or null. A description returned inside a value
// (a run's `status.error`) is that object; a thrown or rejected one is encoded in the napi
// error's message as `SEP name SEP code SEP status SEP message` (SEP: `ERROR_SEPARATOR`,
// U+001F; status empty when none), because napi-rs rejects async calls with a fixed set of
// `code`s. `publicError` is the one function that makes the public error; `fromNative`
// decodes a thrown one first. Errors thrown in JS use the same classes and codes
// (`typeError`, `codedError`).
const { ERROR_SEPARATOR: SEPARATOR, ErrorName } = require('./native')
const { ArgumentError, ManagementApiError } = require('./auth0/errors')

const NAMES = new Set(Object.values(ErrorName))

function withCode(error, code) {
  error.code = code
  return error
}

/** The public error of a native error description. */
function publicError({ name, code, message, status }) {
  switch (name) {
    case ErrorName.TypeError:
      return typeError(code, message)
    case ErrorName.ArgumentError:
      return withCode(new ArgumentError(message), code)
    case ErrorName.ManagementApiError:
      return new ManagementApiError(code, message, status ?? null)
    default:
      return codedError(code, message)
  }
}

/** A `TypeError` with a `code` (`invalid_config`, `invalid_argument`), as the native ones. */
function typeError(code, message) {
  return withCode(new TypeError(message), code)
}

/** An `Error` with a `code`, as the native ones. */
function codedError(code, message) {
  return withCode(new Error(message), code)
}

/** An error thrown by the native binding as its public error; other errors pass through. */
function fromNative(error) {
  const text = error?.message
  if (typeof text !== 'string' || !text.startsWith(SEPARATOR)) return error
  const fields = text.split(SEPARATOR)
  if (fields.length !== 5 || !NAMES.has(fields[1])) return error
  const [, name, code, status, message] = fields
  return publicError({ name, code, message, status: status === '' ? null : Number(status) })
}

/** Runs a synchronous native call, translating its error. */
function callNative(call) {
  try {
    return call()
  } catch (error) {
    throw fromNative(error)
  }
}

/** Awaits an asynchronous native call, translating its error. */
async function awaitNative(promise) {
  try {
    return await promise
  } catch (error) {
    throw fromNative(error)
  }
}

/** A short description of a value for error messages (never the value of a secret). */
function describe(value) {
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`
  return `${typeof value} ${String(value)}`
}

/**
 * Checks the type of plain-data fields before they cross to Rust, which checks their values:
 * `check(object, field, type, what)` is `object[field]` when it is of `type` (`typeof`),
 * undefined when absent or null, else a TypeError `code`: `${prefix}.${field} must be ${what}`.
 */
function fieldChecker(prefix, code) {
  return (object, field, type, what) => {
    const value = object[field]
    if (value === undefined || value === null) return undefined
    if (typeof value !== type) throw typeError(code, `${prefix}.${field} must be ${what}, got ${describe(value)}`)
    return value
  }
}

module.exports = { publicError, fromNative, typeError, codedError, callNative, awaitNative, describe, fieldChecker }
