'use strict'
// The engine seen through a custom JS provider: batching, order, retries, splitting,
// hooks, filters, backpressure, shutdown and re-initialization.
const test = require('node:test')
const assert = require('node:assert/strict')
const ingest = require('..')
const { recordingProvider } = require('./helpers/recording-provider')

const data = (i) => ({ status: 'success', userId: `user_${i}`, metadata: { n: i } })

test.afterEach(() => ingest.shutdownEventIngestion())

test('batches have exactly batchSize events, in emission order, each event once', async () => {
  const provider = recordingProvider()
  ingest.initializeEventIngestion({ enabled: true, provider, batchSize: 50, flushInterval: 60_000 })
  for (let i = 0; i < 1000; i++) await ingest.emitEvent('user.joined', data(i))
  await ingest.shutdownEventIngestion()
  assert.equal(provider.events.length, 1000)
  assert.deepEqual(provider.batches.map((b) => b.length), Array(20).fill(50))
  assert.deepEqual(provider.events.map((e) => e.metadata.n), [...Array(1000).keys()])
  assert.equal(new Set(provider.events.map((e) => e.id)).size, 1000)
  assert.equal(provider.shutdowns, 1)
})

test('a batchSize larger than what JS hands over at once still makes whole batches', async () => {
  const provider = recordingProvider()
  ingest.initializeEventIngestion({ enabled: true, provider, batchSize: 700, flushInterval: 60_000 })
  for (let i = 0; i < 2000; i++) await ingest.emitEvent('user.joined', data(i))
  await ingest.shutdownEventIngestion()
  assert.deepEqual(provider.batches.map((b) => b.length), [700, 700, 600])
  assert.deepEqual(provider.events.map((e) => e.metadata.n), [...Array(2000).keys()])
})

test('events handed over together keep their own emission times', async () => {
  const provider = recordingProvider()
  ingest.initializeEventIngestion({ enabled: true, provider, batchSize: 10, flushInterval: 60_000 })
  // Both emitted in one tick, 30 ms apart (a busy wait), so that they cross into Rust together.
  const before = Date.now()
  const emitted = [ingest.emitEvent('user.joined', data(0))]
  const between = Date.now()
  while (Date.now() < between + 30);
  const later = Date.now()
  emitted.push(ingest.emitEvent('user.joined', data(1)))
  const after = Date.now()
  await Promise.all(emitted)
  await ingest.shutdownEventIngestion()
  assert.deepEqual(provider.batches.map((b) => b.length), [2])
  const [first, second] = provider.events.map((event) => event.timestamp.getTime())
  assert.ok(first >= before && first <= between, `${first} in [${before}, ${between}]`)
  assert.ok(second >= later && second <= after, `${second} in [${later}, ${after}]`)
})

test('an event has the AuthEvent shape: UUIDv7 id, Date timestamp, request fields, display', async () => {
  const provider = recordingProvider()
  ingest.initializeEventIngestion({ enabled: true, provider })
  const before = Date.now()
  await ingest.emitEvent('user.logged_in', {
    status: 'success',
    userId: 'u1',
    sessionId: 's1',
    organizationId: 'o1',
    metadata: { name: 'Ada Lovelace', nested: { deep: [1, 2] } },
    request: { ip: '203.0.113.9', headers: { 'User-Agent': 'Mozilla/5.0' } },
  })
  const [event] = provider.events
  assert.match(event.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.ok(event.timestamp instanceof Date && event.timestamp.getTime() >= before)
  assert.equal(event.type, 'user.logged_in')
  assert.equal(event.status, 'success')
  assert.equal(event.userId, 'u1')
  assert.equal(event.sessionId, 's1')
  assert.equal(event.organizationId, 'o1')
  assert.deepEqual(event.metadata, { name: 'Ada Lovelace', nested: { deep: [1, 2] } })
  assert.equal(event.ipAddress, '203.0.113.9')
  assert.equal(event.userAgent, 'Mozilla/5.0')
  assert.equal(event.source, 'app')
  assert.deepEqual(event.display, { message: 'Ada Lovelace logged in', severity: 'success' })
  assert.deepEqual(Object.keys(event), [
    'id', 'type', 'timestamp', 'status', 'userId', 'sessionId', 'organizationId', 'metadata', 'ipAddress',
    'userAgent', 'source', 'display',
  ])
})

test('batchSize 1: emitEvent resolves after the provider stored the event', async () => {
  const provider = recordingProvider()
  ingest.initializeEventIngestion({ enabled: true, provider })
  await ingest.emitEvent('user.joined', data(1))
  assert.equal(provider.events.length, 1)
  await ingest.emitEvent('user.joined', data(2))
  assert.equal(provider.events.length, 2)
})

test('a provider with only ingest() receives every event in order', async () => {
  const provider = recordingProvider({ batch: false })
  ingest.initializeEventIngestion({ enabled: true, provider, batchSize: 10 })
  for (let i = 0; i < 25; i++) await ingest.emitEvent('user.joined', data(i))
  await ingest.shutdownEventIngestion()
  assert.deepEqual(provider.events.map((e) => e.metadata.n), [...Array(25).keys()])
})

test('the flush timer sends a partial batch', async () => {
  const provider = recordingProvider()
  ingest.initializeEventIngestion({ enabled: true, provider, batchSize: 100, flushInterval: 50 })
  for (let i = 0; i < 7; i++) await ingest.emitEvent('user.joined', data(i))
  assert.equal(ingest.getEventQueueSize(), 7)
  for (let waited = 0; provider.events.length < 7 && waited < 5000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  assert.equal(provider.events.length, 7)
  assert.equal(ingest.getEventQueueSize(), 0)
})

test('a provider that fails for a while is retried; nothing is lost or duplicated', async () => {
  let failures = 3
  const provider = recordingProvider({ failWhen: () => failures-- > 0 })
  const errors = []
  ingest.initializeEventIngestion({
    enabled: true,
    provider,
    batchSize: 10,
    maxRetries: 5,
    onError: (error, events) => errors.push([error, events]),
  })
  for (let i = 0; i < 30; i++) await ingest.emitEvent('user.joined', data(i))
  await ingest.shutdownEventIngestion()
  assert.deepEqual(provider.events.map((e) => e.metadata.n), [...Array(30).keys()])
  assert.equal(errors.length, 0)
  assert.equal(provider.calls, 3 + 3)
})

test('one bad row: the batch is split, good rows land, the bad row goes to onError', async () => {
  const provider = recordingProvider({ failWhen: (events) => events.some((e) => e.metadata.bad) })
  const errors = []
  ingest.initializeEventIngestion({
    enabled: true,
    provider,
    batchSize: 16,
    maxRetries: 1,
    onError: (error, events) => errors.push({ error, events }),
  })
  for (let i = 0; i < 16; i++) {
    await ingest.emitEvent('user.joined', { status: 'success', metadata: { n: i, bad: i === 11 } })
  }
  // Rust counts a write as stored once the provider's promise has come back to it, a moment
  // after the provider has the events: wait for that too (the test's time limit bounds it).
  const settled = () => ingest.getEventIngestionMetrics().stored + ingest.getEventIngestionMetrics().failed >= 16
  while (provider.events.length < 15 || errors.length < 1 || !settled()) await new Promise((resolve) => setTimeout(resolve, 10))
  const { accepted, stored, failed } = ingest.getEventIngestionMetrics()
  await ingest.shutdownEventIngestion()
  assert.deepEqual(
    provider.events.map((e) => e.metadata.n),
    [...Array(16).keys()].filter((n) => n !== 11),
  )
  assert.equal(errors.length, 1)
  assert.equal(errors[0].error.name, 'EventIngestionError')
  assert.match(errors[0].error.message, /provider refused the batch/)
  assert.deepEqual(errors[0].events.map((e) => e.metadata.n), [11])
  assert.ok(errors[0].events[0].timestamp instanceof Date)
  assert.deepEqual({ accepted, stored, failed }, { accepted: 16, stored: 15, failed: 1 })
  assert.equal(ingest.getEventIngestionMetrics(), null, 'no metrics once shut down')
})

test('a provider that throws synchronously is a failed batch, not a crash', async () => {
  const errors = []
  const provider = {
    ingestBatch() {
      throw new Error('sync boom')
    },
    ingest() {
      throw new Error('sync boom')
    },
  }
  ingest.initializeEventIngestion({
    enabled: true,
    provider,
    retryOnError: false,
    onError: (error, events) => errors.push({ message: error.message, count: events.length }),
  })
  await ingest.emitEvent('user.joined', data(1))
  await ingest.shutdownEventIngestion()
  assert.deepEqual(errors, [{ message: 'provider failed: sync boom', count: 1 }])
})

test('onEventIngest is called exactly once per event, and its failures never block', async () => {
  const provider = recordingProvider()
  const seen = []
  let calls = 0
  ingest.initializeEventIngestion({
    enabled: true,
    provider,
    batchSize: 5,
    onEventIngest(event) {
      calls += 1
      seen.push(event.metadata.n)
      if (event.metadata.n === 3) throw new Error('hook failure')
      if (event.metadata.n === 4) return Promise.reject(new Error('async hook failure'))
    },
  })
  const originalError = console.error
  console.error = () => {}
  try {
    for (let i = 0; i < 12; i++) await ingest.emitEvent('user.joined', data(i))
    await ingest.shutdownEventIngestion()
  } finally {
    console.error = originalError
  }
  assert.equal(calls, 12)
  assert.deepEqual(seen, [...Array(12).keys()])
  assert.equal(provider.events.length, 12)
})

test('include and exclude filter before anything else', async () => {
  const provider = recordingProvider()
  ingest.initializeEventIngestion({
    enabled: true,
    provider,
    include: ['user.joined', 'user.logged_in'],
    exclude: ['user.logged_in'],
  })
  await ingest.emitEvent('user.joined', data(1))
  await ingest.emitEvent('user.logged_in', data(2))
  await ingest.emitEvent('session.created', data(3))
  await ingest.emitEvent('session.created', data(4), { enabled: true, include: ['session.created'] })
  assert.deepEqual(provider.events.map((e) => e.type), ['user.joined', 'session.created'])
})

test('a full queue applies backpressure instead of dropping', async () => {
  let release
  const gate = new Promise((resolve) => {
    release = resolve
  })
  const provider = recordingProvider()
  const ingestBatch = provider.ingestBatch
  provider.ingestBatch = async (events) => {
    await gate
    return ingestBatch(events)
  }
  ingest.initializeEventIngestion({ enabled: true, provider, batchSize: 10, maxQueueSize: 20, flushInterval: 10 })
  const emitted = []
  for (let i = 0; i < 20; i++) emitted.push(ingest.emitEvent('user.joined', data(i)))
  await Promise.all(emitted)
  await new Promise((resolve) => setTimeout(resolve, 50))
  let resolved = false
  const blocked = ingest.emitEvent('user.joined', data(20)).then(() => {
    resolved = true
  })
  await new Promise((resolve) => setTimeout(resolve, 100))
  assert.equal(resolved, false, 'emitEvent waits while the queue is full')
  assert.ok(ingest.getEventQueueSize() >= 20)
  release()
  await blocked
  await ingest.shutdownEventIngestion()
  assert.deepEqual(provider.events.map((e) => e.metadata.n), [...Array(21).keys()])
})

test('shutdown stores everything pending, calls provider.shutdown, and allows re-initialization', async () => {
  const first = recordingProvider()
  ingest.initializeEventIngestion({ enabled: true, provider: first, batchSize: 500, flushInterval: 60_000 })
  for (let i = 0; i < 10_000; i++) ingest.emitEvent('user.joined', data(i))
  assert.equal(ingest.getEventQueueSize(), 10_000)
  await ingest.shutdownEventIngestion()
  assert.equal(first.events.length, 10_000)
  assert.equal(first.shutdowns, 1)
  assert.equal(ingest.isEventIngestionInitialized(), false)
  assert.equal(ingest.getEventIngestionProvider(), null)
  assert.equal(await ingest.checkEventIngestionHealth(), false)
  await ingest.shutdownEventIngestion()

  const second = recordingProvider()
  ingest.initializeEventIngestion({ enabled: true, provider: second })
  assert.equal(ingest.getEventIngestionProvider(), second)
  assert.equal(await ingest.checkEventIngestionHealth(), true)
  await ingest.emitEvent('user.joined', data(1))
  assert.equal(second.events.length, 1)
})

test('initialization: disabled is a no-op, a second call is ignored, emitEvent config initializes', async () => {
  ingest.initializeEventIngestion({ enabled: false, provider: recordingProvider() })
  assert.equal(ingest.isEventIngestionInitialized(), false)
  await ingest.emitEvent('user.joined', data(1))
  const provider = recordingProvider()
  await ingest.emitEvent('user.joined', data(2), { enabled: true, provider })
  assert.equal(ingest.isEventIngestionInitialized(), true)
  ingest.initializeEventIngestion({ enabled: true, provider: recordingProvider() })
  assert.equal(ingest.getEventIngestionProvider(), provider)
  assert.deepEqual(provider.events.map((e) => e.metadata.n), [2])
})
