'use strict'
// The upstream error classes (auth0-extension-tools), and native Auth0 errors turned into them,
// in one place. Rust sends each error as JSON { kind, code, message, status } in the message.

class ArgumentError extends Error {
  constructor(message) {
    super(message)
    this.name = 'ArgumentError'
    this.message = message
    this.status = 400
  }
}

class ManagementApiError extends Error {
  constructor(code, message, status) {
    super(message)
    this.name = 'ManagementApiError'
    this.code = code
    this.message = message
    this.status = status === undefined ? 400 : status
  }
}

/** A JS error from an error value of the Rust core. */
function fromErrorValue({ kind, code, message, status }) {
  switch (kind) {
    case 'invalidArgument':
      return new ArgumentError(message)
    case 'callback': {
      const error = new Error(message)
      error.code = code
      return error
    }
    default:
      return new ManagementApiError(code, message, status ?? null)
  }
}

/** Translates an error thrown by the native binding; other errors pass through. */
function fromNative(error) {
  if (!error || typeof error.message !== 'string' || !error.message.startsWith('{"kind":')) return error
  try {
    return fromErrorValue(JSON.parse(error.message))
  } catch {
    return error
  }
}

/** Awaits a native promise, translating its error. */
async function nativeResult(promise) {
  try {
    return await promise
  } catch (error) {
    throw fromNative(error)
  }
}

module.exports = { ArgumentError, ManagementApiError, fromErrorValue, fromNative, nativeResult }
