'use strict'
// The provider object `getEventIngestionProvider()` returns for native stores (SPEC 1.6).
const { awaitNative, describe } = require('../errors')
const { parseEvents, reviveEvent } = require('./events-json')

function checkEvents(method, events) {
  if (!Array.isArray(events)) throw new TypeError(`provider.${method}: expected an array of events, got ${describe(events)}`)
  for (const event of events) {
    if (event === null || typeof event !== 'object') {
      throw new TypeError(`provider.${method}: every event must be an AuthEvent object, got ${describe(event)}`)
    }
  }
  return JSON.stringify(events)
}

class NativeEventProvider {
  #native
  #shutdown

  constructor(native, shutdown) {
    this.#native = native
    this.#shutdown = shutdown
  }

  async ingest(event) {
    await awaitNative(this.#native.ingest(checkEvents('ingest', [event])))
  }

  async ingestBatch(events) {
    await awaitNative(this.#native.ingest(checkEvents('ingestBatch', events)))
  }

  async query(options = {}) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`provider.query: options must be an object, got ${describe(options)}`)
    }
    const page = JSON.parse(await awaitNative(this.#native.query(JSON.stringify(options))))
    for (const event of page.events) reviveEvent(event)
    return page
  }

  async count() {
    return awaitNative(this.#native.count())
  }

  async getStats() {
    return awaitNative(this.#native.stats())
  }

  async healthCheck() {
    return this.#native.healthCheck()
  }

  /** Shuts event ingestion down: flushes the queue, then closes the store's connections. */
  async shutdown() {
    await this.#shutdown()
  }
}

module.exports = { NativeEventProvider, parseEvents }
