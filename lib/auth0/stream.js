'use strict'
// LogsApiStream (SPEC 2.2): a Readable in object mode around the native checkpoint pager.
// Each next(take) pushes one { logs, limits } page; an empty page or done() ends the stream.
const { Readable } = require('node:stream')

const { NativeLogsStream } = require('../native')
const { usableTokenCache } = require('./client')
const { createDispatch } = require('./dispatch')
const { ArgumentError, fromNative } = require('./errors')
const { checkClientOptions, nativeOptions } = require('./options')

const RATE_LIMIT_WARNING = 'Auth0 Management API rate limit reached.'

class LogsApiStream extends Readable {
  constructor(options) {
    if (options === null || options === undefined) {
      throw new ArgumentError('Must provide an options object')
    }
    super({ objectMode: true })
    checkClientOptions(options)
    this.options = options
    this.lastBatch = 0
    this.previousCheckpoint = options.checkpointId || null
    this.lastCheckpoint = options.checkpointId || null
    this.status = {
      startCheckpoint: options.checkpointId || null,
      start: new Date(),
      end: null,
      logsProcessed: 0,
    }
    const { tokenCache, logger } = options
    const dispatch = createDispatch({ tokenCache, logger })
    try {
      this.native = new NativeLogsStream(nativeOptions(options), dispatch, usableTokenCache(tokenCache), Boolean(logger))
    } catch (error) {
      throw fromNative(error)
    }
    this.ended = false
  }

  /** Fetches the next page of up to `take` logs and pushes it (or ends the stream). */
  next(take) {
    if (this.ended || this.destroyed) return
    this.native.next(take).then(
      (outcome) => this.receive(JSON.parse(outcome)),
      (error) => this.destroy(fromNative(error)),
    )
  }

  receive(outcome) {
    if (this.ended || this.destroyed) return
    switch (outcome.kind) {
      case 'page':
        this.lastCheckpoint = outcome.position
        this.lastBatch += outcome.logs.length
        this.push({ logs: outcome.logs, limits: outcome.limits })
        break
      case 'rateLimited':
        this.status.warning = RATE_LIMIT_WARNING
        this.done()
        break
      default:
        this.done()
    }
  }

  /** Ends the stream. */
  done() {
    if (this.ended) return
    this.ended = true
    this.status.end = new Date()
    this.push(null)
  }

  /** The current batch was stored: count it and move previousCheckpoint to lastCheckpoint. */
  batchSaved() {
    this.status.logsProcessed += this.lastBatch
    this.previousCheckpoint = this.lastCheckpoint
    this.lastBatch = 0
  }

  _read() {}
}

module.exports = { LogsApiStream }
