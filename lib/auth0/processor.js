'use strict'
// LogsProcessor (SPEC 2.3): runs the native processor with the user's storageContext,
// handler and logger; getReport sums the stored run history.
const { runLogsProcessor, logsProcessorReport } = require('../native')
const { createDispatch } = require('./dispatch')
const { ArgumentError, fromErrorValue, nativeResult } = require('./errors')
const { typesToShip } = require('./log-types')
const { checkClientOptions, nativeOptions } = require('./options')

const DEFAULTS = { batchSize: 100, maxRetries: 5, maxRunTimeSeconds: 22 }

/** The run status as JS sees it: dates as Date, the error as an Error. */
function statusFromNative(status) {
  status.start = new Date(status.start)
  status.end = status.end === null ? null : new Date(status.end)
  if (status.error) status.error = fromErrorValue(status.error)
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
    const dispatch = createDispatch({ storage: this.storageContext, handler, logger: options.logger })
    const outcome = JSON.parse(
      await nativeResult(runLogsProcessor(nativeOptions(options, { types }), dispatch, Boolean(options.logger))),
    )
    return { status: statusFromNative(outcome.status), checkpoint: outcome.checkpoint }
  }

  /** `{ type: 'report', processed, warnings, errors, checkpoint }` over runs between the dates. */
  async getReport(start, end) {
    const data = (await this.storageContext.read()) ?? {}
    const report = logsProcessorReport(JSON.stringify(data), dateMillis(start, 0), dateMillis(end, Date.now()))
    return JSON.parse(report)
  }
}

module.exports = { LogsProcessor }
