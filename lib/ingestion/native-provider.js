'use strict'
// The provider objects `getEventIngestionProvider()` returns for native stores (SPEC 1.6):
// database stores can be read back; the HTTPS store only writes.
const { QuerySort } = require('../native')
const { awaitNative, callNative, describe, fieldChecker, typeError } = require('../errors')
const { parseEvents } = require('./events-json')

/** The events, once they are an array of objects (Rust checks each as an `AuthEvent`). */
function checkEvents(method, events) {
  if (!Array.isArray(events)) throw typeError('invalid_argument', `provider.${method}: expected an array of events, got ${describe(events)}`)
  for (const event of events) {
    if (event === null || typeof event !== 'object') {
      throw typeError('invalid_argument', `provider.${method}: every event must be an AuthEvent object, got ${describe(event)}`)
    }
  }
  return events
}

const queryField = fieldChecker('query', 'invalid_argument')
const SORTS = Object.values(QuerySort)

/**
 * The options as they cross: fields of the right type, absent when null (their values are
 * checked in Rust; `since` crosses as JSON would hold it).
 */
function queryOptions(options) {
  if (options === null || typeof options !== 'object') {
    throw typeError('invalid_argument', `provider.query: options must be an object, got ${describe(options)}`)
  }
  const sort = queryField(options, 'sort', 'string', 'a string')
  if (sort !== undefined && !SORTS.includes(sort)) {
    throw typeError('invalid_argument', `query.sort must be ${SORTS.map((name) => `'${name}'`).join(' or ')}, got ${describe(sort)}`)
  }
  return {
    limit: queryField(options, 'limit', 'number', 'a number'),
    offset: queryField(options, 'offset', 'number', 'a number'),
    after: queryField(options, 'after', 'string', 'a string'),
    sort,
    type: queryField(options, 'type', 'string', 'a string'),
    userId: queryField(options, 'userId', 'string', 'a string'),
    since: options.since ?? undefined,
  }
}

class NativeEventProvider {
  #shutdown

  constructor(native, shutdown) {
    Object.defineProperty(this, 'native', { value: native, enumerable: false })
    this.#shutdown = shutdown
  }

  async ingest(event) {
    await awaitNative(callNative(() => this.native.ingest(checkEvents('ingest', [event]))))
  }

  async ingestBatch(events) {
    await awaitNative(callNative(() => this.native.ingest(checkEvents('ingestBatch', events))))
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
    const page = await awaitNative(callNative(() => this.native.query(queryOptions(options))))
    return { events: parseEvents(page.events), hasMore: page.hasMore, nextCursor: page.nextCursor }
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
