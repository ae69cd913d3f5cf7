'use strict'
// The upstream error classes (auth0-extension-tools). Native errors become these in
// lib/errors.js (`publicError`).

class ArgumentError extends Error {
  constructor(message) {
    super(message)
    this.name = 'ArgumentError'
    this.message = message
    this.code = 'invalid_argument'
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

module.exports = { ArgumentError, ManagementApiError }
