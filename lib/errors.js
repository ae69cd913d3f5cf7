'use strict'
// Native errors to JS error classes, in one place: the Rust side marks argument errors
// with code 'InvalidArg'; they become TypeErrors.

function toJsError(error) {
  if (error && error.code === 'InvalidArg') {
    const typeError = new TypeError(error.message)
    return typeError
  }
  return error
}

/** Runs a synchronous native call, translating its error. */
function callNative(call) {
  try {
    return call()
  } catch (error) {
    throw toJsError(error)
  }
}

/** Awaits an asynchronous native call, translating its error. */
async function awaitNative(promise) {
  try {
    return await promise
  } catch (error) {
    throw toJsError(error)
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

module.exports = { toJsError, callNative, awaitNative, describe }
