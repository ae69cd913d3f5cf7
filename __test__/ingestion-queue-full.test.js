'use strict'
// A store that stays down longer than the queue can hold: emitEvent waits for room only up to
// maxQueueWaitMs, then the event goes to onError and the caller goes on (SPEC 1.5: a sign-in
// must not hang on analytics storage).
const test = require('node:test')
const assert = require('node:assert/strict')
const ingest = require('..')
const { closedPort } = require('./helpers/store-servers')

test.afterEach(() => ingest.shutdownEventIngestion())

for (const batchSize of [1, 5]) {
  test(`a full queue with the store down: each late emitEvent resolves after maxQueueWaitMs, its event to onError (batchSize ${batchSize})`, async () => {
    const errors = []
    ingest.initializeEventIngestion({
      enabled: true,
      clientType: 'postgres',
      client: `postgres://auth:secret-pw@127.0.0.1:${await closedPort()}/test`,
      batchSize,
      flushInterval: 20,
      maxQueueSize: 10,
      maxQueueWaitMs: 300,
      timeoutMs: 200,
      onError: (error, events) => errors.push({ message: error.message, users: events.map((event) => event.userId) }),
    })
    const waits = []
    for (let i = 0; i < 14; i++) {
      const started = performance.now()
      await ingest.emitEvent('user.logged_in', { userId: `u${i}` })
      waits.push(performance.now() - started)
    }
    // The first ten fit; the others each waited about maxQueueWaitMs, never much longer.
    const late = waits.slice(10)
    assert.ok(late.every((ms) => ms < 300 + 250), `late emits waited ${late.map(Math.round)} ms`)
    assert.ok(waits.slice(0, 9).every((ms) => ms < 100), `early emits waited ${waits.slice(0, 9).map(Math.round)} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const queueFull = errors.filter(({ message }) => /queue was full/.test(message))
    const dropped = queueFull.flatMap(({ users }) => users)
    // Which ones waited depends on how many were in flight when the queue filled: the last.
    assert.ok(dropped.length >= 3, `given up on: ${dropped}`)
    assert.deepEqual(dropped, ['u10', 'u11', 'u12', 'u13'].slice(-dropped.length))
    assert.equal(ingest.getEventIngestionMetrics().dropped, dropped.length)
    assert.match(queueFull[0].message, /the queue was full \(10 events\) for 300 ms \(maxQueueWaitMs\)/)
    assert.doesNotMatch(queueFull[0].message, /secret-pw/)
    // Nothing else is lost: the queued ten go to onError at shutdown, the store still down.
    await ingest.shutdownEventIngestion()
    const all = errors.flatMap(({ users }) => users)
    assert.deepEqual([...new Set(all)].sort(), Array.from({ length: 14 }, (_, i) => `u${i}`).sort())
    assert.equal(all.length, 14)
  })
}

test('a custom provider that hangs: late events go to onError as whole AuthEvents after maxQueueWaitMs', async () => {
  const errors = []
  ingest.initializeEventIngestion({
    enabled: true,
    provider: { ingestBatch: () => new Promise(() => {}), ingest: () => new Promise(() => {}) },
    batchSize: 5,
    flushInterval: 20,
    maxQueueSize: 10,
    maxQueueWaitMs: 200,
    timeoutMs: 150,
    onError: (error, events) => errors.push({ message: error.message, events }),
  })
  for (let i = 0; i < 13; i++) await ingest.emitEvent('user.logged_in', { userId: `p${i}`, metadata: { name: `P ${i}` } })
  await new Promise((resolve) => setTimeout(resolve, 50))
  const dropped = errors.filter(({ message }) => /queue was full/.test(message)).flatMap(({ events }) => events)
  assert.ok(dropped.length >= 2, `given up on ${dropped.length}`)
  assert.deepEqual(dropped.map((event) => event.userId), ['p10', 'p11', 'p12'].slice(-dropped.length))
  for (const event of dropped) {
    assert.match(event.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/)
    assert.equal(event.display.message, `${event.metadata.name} logged in`)
  }
  assert.equal(ingest.getEventIngestionMetrics().dropped, dropped.length)
})

test('maxQueueWaitMs must be a whole number of milliseconds', () => {
  assert.throws(
    () => ingest.initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: 'x.db', maxQueueWaitMs: -5 }),
    { name: 'TypeError', message: 'events.maxQueueWaitMs must be an integer >= 0, got -5' },
  )
})
