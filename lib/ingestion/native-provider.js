'use strict'
// The provider objects `getEventIngestionProvider()` returns for native stores (SPEC 1.6):
// database stores can be read back; the HTTPS store only writes.
const { awaitNative, describe, typeError } = require('../errors')
const { eventsFromValues } = require('./events-json')

function checkEvents(method, events) {
  if (!Array.isArray(events)) throw typeError('invalid_argument', `provider.${method}: expected an array of events, got ${describe(events)}`)
  for (const event of events) {
    if (event === null || typeof event !== 'object') {
      throw typeError('invalid_argument', `provider.${method}: every event must be an AuthEvent object, got ${describe(event)}`)
    }
  }
  return JSON.stringify(events)
}

class NativeEventProvider {
  #shutdown

  constructor(native, shutdown) {
    Object.defineProperty(this, 'native', { value: native, enumerable: false })
    this.#shutdown = shutdown
  }

  async ingest(event) {
    await awaitNative(this.native.ingest(checkEvents('ingest', [event])))
  }

  async ingestBatch(events) {
    await awaitNative(this.native.ingest(checkEvents('ingestBatch', events)))
  }

  async healthCheck() {
    return this.native.healthCheck()
  }

  /** Shuts event ingestion down: flushes the queue, then closes the store's connections. */
  async shutdown() {
    await this.#shutdown()
  }
}

class QueryableEventProvider extends NativeEventProvider {
  async query(options = {}) {
    if (options === null || typeof options !== 'object') {
      throw typeError('invalid_argument', `provider.query: options must be an object, got ${describe(options)}`)
    }
    const page = JSON.parse(await awaitNative(this.native.query(JSON.stringify(options))))
    page.events = eventsFromValues(page.events)
    return page
  }

  async count() {
    return awaitNative(this.native.count())
  }

  async getStats() {
    return awaitNative(this.native.stats())
  }
}

/** The provider for a native store: `https` writes only, the database stores also read. */
function nativeProvider(clientType, native, shutdown) {
  return clientType === 'https' ? new NativeEventProvider(native, shutdown) : new QueryableEventProvider(native, shutdown)
}

module.exports = { nativeProvider }
