'use strict'
// LogsApiStream (SPEC 2.2): a Readable in object mode around the native checkpoint pager.
// Each next(take) pushes one { logs, limits } page; an empty page or done() ends the stream.
const { Readable } = require('node:stream')

const { NativeLogsStream, StreamStepKind } = require('../native')
const { callNative, fromNative } = require('../errors')
const { loggerCallback, tokenCacheCallbacks } = require('./callbacks')
const { ArgumentError } = require('./errors')
const { checkClientOptions, streamOptions } = require('./options')

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
    this.native = callNative(() => new NativeLogsStream(streamOptions(options), tokenCacheCallbacks(tokenCache), loggerCallback(logger)))
    this.ended = false
  }

  /** Fetches the next page of up to `take` logs and pushes it (or ends the stream). */
  next(take) {
    if (this.ended || this.destroyed) return
    this.native.next(take).then(
      (step) => this.receive(step),
      (error) => this.destroy(fromNative(error)),
    )
  }

  receive(step) {
    if (this.ended || this.destroyed) return
    switch (step.kind) {
      case StreamStepKind.Page: {
        const logs = JSON.parse(step.logs)
        this.lastCheckpoint = step.position
        this.lastBatch += logs.length
        this.push({ logs, limits: step.limits })
        break
      }
      case StreamStepKind.RateLimited:
        this.status.warning = step.warning
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
