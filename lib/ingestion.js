'use strict'
// The better-auth-studio event-ingestion API (SPEC part 1) over the native engine.
const { ProviderIngestion, StoreIngestion } = require('./native')
const { callNative, describe, fieldChecker, typeError } = require('./errors')
const { describeClient } = require('./ingestion/clients')
const { createDispatch } = require('./ingestion/dispatch')
const { checkEmission } = require('./ingestion/emission')
const { RecordStaging } = require('./ingestion/record-staging')
const { HeldEvents } = require('./ingestion/held-events')
const { nativeProvider } = require('./ingestion/native-provider')
const { ProviderPace } = require('./ingestion/provider-pace')
const { IngestionSession, RESOLVED } = require('./ingestion/session')

let current = null

function typeList(config, field) {
  const list = config[field]
  if (list === undefined || list === null) return undefined
  if (!Array.isArray(list) || !list.every((type) => typeof type === 'string')) {
    throw typeError('invalid_config', `events.${field} must be an array of event type strings, got ${describe(list)}`)
  }
  return new Set(list)
}

function optionalFunction(config, field) {
  const value = config[field]
  if (value !== undefined && value !== null && typeof value !== 'function') {
    throw typeError('invalid_config', `events.${field} must be a function, got ${describe(value)}`)
  }
  return value ?? undefined
}

function checkProvider(provider) {
  if (provider === undefined || provider === null) return undefined
  if (typeof provider !== 'object' && typeof provider !== 'function') {
    throw typeError('invalid_config', `events.provider must be an object with an ingest(event) method, got ${describe(provider)}`)
  }
  if (typeof provider.ingest !== 'function' && typeof provider.ingestBatch !== 'function') {
    throw typeError('invalid_config', 'events.provider must have an ingest(event) or ingestBatch(events) method')
  }
  return provider
}

/** A field that must be of `type` when given (values are checked in Rust, with the others'). */
const optionalOfType = fieldChecker('events', 'invalid_config')

const numberField = (config, field) => optionalOfType(config, field, 'number', 'a number')

function headersOf(config) {
  const headers = config.headers
  if (headers === undefined || headers === null) return undefined
  if (typeof headers !== 'object' || Array.isArray(headers)) {
    throw typeError('invalid_config', `events.headers must be an object of header names to string values, got ${describe(headers)}`)
  }
  return headers
}

function clientTypeOf(config, provider) {
  if (provider) return undefined
  const { clientType } = config
  if (clientType === undefined && config.client === undefined) return 'sqlite'
  // Which names are valid is the native side's to say (its error lists them).
  if (typeof clientType !== 'string') {
    throw typeError('invalid_config', `events.clientType must be a string naming where events go, got ${describe(clientType)}`)
  }
  return clientType
}

/** Initializes event ingestion (synchronous). Not enabled: nothing. Already initialized: ignored. */
function initializeEventIngestion(eventsConfig) {
  if (eventsConfig === null || typeof eventsConfig !== 'object') {
    throw typeError('invalid_config', `initializeEventIngestion: eventsConfig must be an object, got ${describe(eventsConfig)}`)
  }
  if (!eventsConfig.enabled || current !== null) return
  const provider = checkProvider(eventsConfig.provider)
  const clientType = clientTypeOf(eventsConfig, provider)
  const include = typeList(eventsConfig, 'include')
  const exclude = typeList(eventsConfig, 'exclude')
  const onEventIngest = optionalFunction(eventsConfig, 'onEventIngest')
  const onError = optionalFunction(eventsConfig, 'onError')
  const settings = {
    clientType,
    client: provider ? null : describeClient(clientType, eventsConfig.client),
    tableName: optionalOfType(eventsConfig, 'tableName', 'string', 'a string'),
    batchSize: numberField(eventsConfig, 'batchSize'),
    flushInterval: numberField(eventsConfig, 'flushInterval'),
    maxQueueSize: numberField(eventsConfig, 'maxQueueSize'),
    maxQueueWaitMs: numberField(eventsConfig, 'maxQueueWaitMs'),
    maxRetries: numberField(eventsConfig, 'maxRetries'),
    retryOnError: optionalOfType(eventsConfig, 'retryOnError', 'boolean', 'true or false'),
    timeoutMs: numberField(eventsConfig, 'timeoutMs'),
    headers: headersOf(eventsConfig),
  }
  const held = provider ? new HeldEvents() : null
  const pace = provider ? new ProviderPace() : null
  const dispatch = createDispatch({ provider, held, pace, onEventIngest, onError })
  const Ingestion = provider ? ProviderIngestion : StoreIngestion
  const native = callNative(() => new Ingestion(settings, dispatch, Boolean(onEventIngest)))
  const rejected = (error) => (onError ? onError(error, []) : console.error('[auth-ingest]', error.message))
  const session = new IngestionSession({
    native,
    staging: held ?? new RecordStaging(rejected),
    include,
    exclude,
    pace,
  })
  session.provider = provider ?? nativeProvider(clientType, native, () => shutdownSession(session))
  current = session
}

/** Records an authentication event. Never rejects because the store is down. */
function emitEvent(type, data, eventsConfig) {
  const invalid = checkEmission(type, data)
  if (invalid !== null) return Promise.reject(invalid)
  if (current === null && eventsConfig !== undefined) {
    try {
      initializeEventIngestion(eventsConfig)
    } catch (error) {
      return Promise.reject(error)
    }
  }
  const session = current
  if (session === null) return RESOLVED
  if (eventsConfig !== undefined && eventsConfig !== null && eventsConfig.enabled === false) return RESOLVED
  if (!session.accepts(type, filterOf(eventsConfig, 'include'), filterOf(eventsConfig, 'exclude'))) return RESOLVED
  return session.emit(type, data)
}

const perCallFilters = new WeakMap()

/** include/exclude given with one emitEvent call apply to that call (as upstream). */
function filterOf(eventsConfig, field) {
  if (eventsConfig === undefined || eventsConfig === null || eventsConfig[field] == null) return undefined
  let filters = perCallFilters.get(eventsConfig)
  if (filters === undefined) {
    filters = { include: typeList(eventsConfig, 'include'), exclude: typeList(eventsConfig, 'exclude') }
    perCallFilters.set(eventsConfig, filters)
  }
  return filters[field]
}

function getEventIngestionProvider() {
  return current === null ? null : current.provider
}

function isEventIngestionInitialized() {
  return current !== null
}

function getEventQueueSize() {
  return current === null ? 0 : current.pending()
}

/** Counters since initialization (beyond upstream): accepted, stored, failed, retries, pending, dropped. */
function getEventIngestionMetrics() {
  if (current === null) return null
  const metrics = current.native.metrics()
  metrics.pending += current.staging.size
  return metrics
}

async function checkEventIngestionHealth() {
  return current === null ? false : current.native.healthCheck()
}

async function shutdownSession(session) {
  if (current === session) current = null
  await session.shutdown()
}

/** Stops accepting, stores everything pending, closes the store, resets (safe when not initialized). */
async function shutdownEventIngestion() {
  if (current !== null) await shutdownSession(current)
}

// A short script must not lose what is still queued when it ends naturally: flush first.
// The flush promise keeps the process alive until done; the timers in Rust never do.
process.on('beforeExit', () => {
  const session = current
  if (session !== null && session.pending() > 0 && !session.exiting) {
    session.exiting = true
    session.drain().finally(() => {
      session.exiting = false
    })
  }
})

module.exports = {
  initializeEventIngestion,
  emitEvent,
  getEventIngestionProvider,
  checkEventIngestionHealth,
  shutdownEventIngestion,
  isEventIngestionInitialized,
  getEventQueueSize,
  getEventIngestionMetrics,
}
