'use strict'
// Checks the client options exactly as upstream does (same messages), and hands the native
// core its options as JSON. The secret's value never appears in a message.
const { ArgumentError } = require('./errors')

const REQUIRED = ['domain', 'clientId', 'clientSecret']

function checkClientOptions(options) {
  if (options === null || options === undefined) {
    throw new ArgumentError('Must provide an options object')
  }
  for (const field of REQUIRED) {
    const value = options[field]
    if (value === null || value === undefined) {
      throw new ArgumentError(`Must provide a valid ${field}`)
    }
    if (typeof value !== 'string' || value.length === 0) {
      const shown = field === 'clientSecret' ? '[redacted]' : value
      throw new ArgumentError(`The provided ${field} is invalid: ${shown}`)
    }
  }
}

function finiteOrUndefined(value) {
  const number = Number(value)
  return value === undefined || value === null || !Number.isFinite(number) ? undefined : number
}

function idOrUndefined(value) {
  return value === undefined || value === null || value === '' ? undefined : String(value)
}

/** The options the native cores read (see src/node/auth0/options.rs). */
function nativeOptions(options, extra = {}) {
  const all = { ...options, ...extra }
  return JSON.stringify({
    domain: all.domain,
    clientId: all.clientId,
    clientSecret: all.clientSecret,
    timeoutMs: finiteOrUndefined(all.timeoutMs),
    retryBaseDelayMs: finiteOrUndefined(all.retryBaseDelayMs),
    checkpointId: idOrUndefined(all.checkpointId),
    types: Array.isArray(all.types) ? all.types.map(String) : undefined,
    start: all.start instanceof Date ? all.start.getTime() : finiteOrUndefined(all.start),
    maxRetries: finiteOrUndefined(all.maxRetries),
    maxRunTimeSeconds: finiteOrUndefined(all.maxRunTimeSeconds),
    batchSize: finiteOrUndefined(all.batchSize),
    startFrom: idOrUndefined(all.startFrom),
    skipFailedBatches: all.skipFailedBatches === true,
  })
}

module.exports = { checkClientOptions, nativeOptions }
