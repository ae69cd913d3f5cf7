'use strict'
// LogsProcessor (SPEC 2.3): runs the native processor with the user's storageContext,
// handler and logger; getReport sums the stored run history.
const { runLogsProcessor, logsProcessorReport, logsProcessorDefaults } = require('../native')
const { awaitNative, callNative, publicError } = require('../errors')
const { loggerCallback, processorCallbacks, readDocument } = require('./callbacks')
const { ArgumentError } = require('./errors')
const { typesToShip } = require('./log-types')
const { checkClientOptions, processorOptions } = require('./options')

const DEFAULTS = Object.freeze(logsProcessorDefaults())

/** The run status as JS sees it: dates as Date, the error as the public error. */
function statusFromNative(native) {
  const status = {
    startCheckpoint: native.startCheckpoint,
    start: new Date(native.start),
    end: native.end === null ? null : new Date(native.end),
    logsProcessed: native.logsProcessed,
  }
  if (native.warning !== null) status.warning = native.warning
  if (native.error !== null) status.error = publicError(native.error)
  status.checkpoint = native.checkpoint
  return status
}

function dateMillis(value, fallback) {
  return value === undefined || value === null ? fallback : new Date(value).getTime()
}

class LogsProcessor {
  constructor(storageContext, options) {
    if (options === null || options === undefined) {
      throw new ArgumentError('Must provide an options object')
    }
    if (!storageContext) {
      throw new ArgumentError('The storageContext is required')
    }
    this.start = Date.now()
    this.storageContext = storageContext
    this.options = { ...DEFAULTS, ...options }
  }

  /** One run: resolves `{ status, checkpoint }`, with `status.error` set when it failed. */
  async run(handler) {
    if (typeof handler !== 'function') {
      throw new ArgumentError('Must provide a handler function')
    }
    const { options } = this
    checkClientOptions(options)
    const types = typesToShip(options.logTypes, options.logLevel)
    const callbacks = processorCallbacks(this.storageContext, handler)
    const outcome = await awaitNative(runLogsProcessor(processorOptions(options, types), callbacks, loggerCallback(options.logger)))
    return { status: statusFromNative(outcome.status), checkpoint: outcome.checkpoint }
  }

  /** `{ type: 'report', processed, warnings, errors, checkpoint }` over runs between the dates. */
  async getReport(start, end) {
    const documentJson = await readDocument(this.storageContext)
    return callNative(() => logsProcessorReport(documentJson, dateMillis(start, 0), dateMillis(end, Date.now())))
  }
}

module.exports = { LogsProcessor }
