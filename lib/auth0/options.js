'use strict'
// Checks the client options exactly as upstream does (same messages), and builds the options
// objects the native cores take (src/node/auth0/options.rs). The secret's value never appears
// in a message.
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

/** `NativeClientOptions`. */
function clientOptions(options) {
  return {
    domain: options.domain,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    timeoutMs: finiteOrUndefined(options.timeoutMs),
    retryBaseDelayMs: finiteOrUndefined(options.retryBaseDelayMs),
  }
}

/** `NativeStreamOptions`. */
function streamOptions(options) {
  return {
    client: clientOptions(options),
    checkpointId: idOrUndefined(options.checkpointId),
    types: Array.isArray(options.types) ? options.types.map(String) : [],
    start: options.start instanceof Date ? options.start.getTime() : finiteOrUndefined(options.start),
    maxRetries: finiteOrUndefined(options.maxRetries),
    maxRunTimeSeconds: finiteOrUndefined(options.maxRunTimeSeconds),
  }
}

/** `NativeProcessorOptions`, shipping the log types `types`. */
function processorOptions(options, types) {
  return {
    client: clientOptions(options),
    types,
    batchSize: finiteOrUndefined(options.batchSize),
    maxRetries: finiteOrUndefined(options.maxRetries),
    maxRunTimeSeconds: finiteOrUndefined(options.maxRunTimeSeconds),
    startFrom: idOrUndefined(options.startFrom),
    skipFailedBatches: options.skipFailedBatches === true,
  }
}

module.exports = { checkClientOptions, clientOptions, streamOptions, processorOptions }
