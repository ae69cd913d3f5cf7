'use strict'
// A custom provider's events stay in JS until delivered (lib/ingestion/held-events.js):
// what crosses to Rust is only each emission's time, for its id. These pin what that must keep.
const test = require('node:test')
const assert = require('node:assert/strict')
const v8 = require('node:v8')
const vm = require('node:vm')
const ingest = require('..')
const { recordingProvider } = require('./helpers/recording-provider')

v8.setFlagsFromString('--expose-gc')
const collectGarbage = vm.runInNewContext('gc')

test.afterEach(() => ingest.shutdownEventIngestion())

const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

test('more events in flight than the first columns hold all arrive, in order, each once', async () => {
  const provider = recordingProvider()
  // The provider holds its first batch until every event is emitted: JS keeps them all meanwhile.
  let open
  const gate = new Promise((resolve) => (open = resolve))
  const ingestBatch = provider.ingestBatch
  provider.ingestBatch = async (events) => {
    await gate
    await ingestBatch(events)
  }
  ingest.initializeEventIngestion({ enabled: true, provider, batchSize: 1000, flushInterval: 60_000 })
  for (let i = 0; i < 20_000; i++) await ingest.emitEvent('user.joined', { userId: `u${i}`, metadata: { n: i } })
  assert.equal(provider.events.length, 0)
  assert.ok(ingest.getEventQueueSize() > 4096, `${ingest.getEventQueueSize()} events held`)
  open()
  await ingest.shutdownEventIngestion()
  assert.deepEqual(provider.events.map((event) => event.metadata.n), [...Array(20_000).keys()])
  assert.deepEqual(provider.events.map((event) => event.userId), [...Array(20_000).keys()].map((i) => `u${i}`))
  assert.equal(new Set(provider.events.map((event) => event.id)).size, 20_000)
  const ids = provider.events.map((event) => event.id)
  assert.deepEqual([...ids].sort(), ids, 'UUIDv7 ids sort in emission order')
})

test('a loop of awaited emitEvent calls lets the provider have its batches along the way', async () => {
  const provider = recordingProvider()
  const batchSize = 100
  ingest.initializeEventIngestion({ enabled: true, provider, batchSize, flushInterval: 60_000 })
  let deliveredDuringLoop = 0
  let mostBehind = 0
  for (let i = 0; i < 20_000; i++) {
    await ingest.emitEvent('user.joined', { metadata: { n: i } })
    deliveredDuringLoop = provider.events.length
    mostBehind = Math.max(mostBehind, i + 1 - deliveredDuringLoop)
  }
  // The provider runs on this thread: were the loop never to yield, it would get nothing until
  // the loop ended, and every event would wait in memory meanwhile.
  assert.ok(deliveredDuringLoop >= 20_000 - 10 * batchSize, `the provider had ${deliveredDuringLoop} events during the loop`)
  // Nor may it fall far behind: with two batches waiting for it, callers wait for Rust to hand
  // them over (measured: at most 2 batches and a few events behind; 57-65 batches when callers
  // only let one turn of the event loop pass, as Rust's threads then hardly got the CPU).
  assert.ok(mostBehind <= 5 * batchSize, `the provider was up to ${mostBehind} events behind`)
  await ingest.shutdownEventIngestion()
  assert.deepEqual(provider.events.map((event) => event.metadata.n), [...Array(20_000).keys()])
})

test('a provider that keeps failing does not hold callers up while Rust waits to retry', async () => {
  const provider = {
    async ingestBatch() {
      throw new Error('down')
    },
  }
  ingest.initializeEventIngestion({ enabled: true, provider, batchSize: 100, flushInterval: 60_000, maxRetries: 100, timeoutMs: 200, onError() {} })
  const started = performance.now()
  for (let i = 0; i < 3000; i++) await ingest.emitEvent('user.joined', { metadata: { n: i } })
  const took = performance.now() - started
  // Were callers to wait for Rust's next hand-over (up to 1 ms each) during its backoff, the
  // 2,800 emitted while two batches wait would take ~3 s.
  assert.ok(took < 1000, `3,000 emits took ${Math.round(took)} ms`)
  assert.ok(ingest.getEventQueueSize() > 2000, 'still held, for the retries')
})

test('a retried batch brings the same event objects, with the same ids, as the first try', async () => {
  const tries = []
  let failures = 1
  const provider = {
    async ingestBatch(events) {
      tries.push(events)
      if (failures-- > 0) throw new Error('not now')
    },
  }
  const seen = []
  ingest.initializeEventIngestion({ enabled: true, provider, batchSize: 5, onEventIngest: (event) => seen.push(event) })
  for (let i = 0; i < 5; i++) await ingest.emitEvent('user.joined', { metadata: { n: i } })
  await ingest.shutdownEventIngestion()
  assert.equal(tries.length, 2)
  assert.equal(tries[1].length, 5)
  tries[1].forEach((event, index) => {
    assert.equal(event, tries[0][index])
    assert.equal(event, seen[index], 'onEventIngest saw the very object the provider got')
  })
})

test('a provider that answers after timeoutMs did store the batch: its retry does not send it again', async () => {
  const provider = recordingProvider()
  const ingestBatch = provider.ingestBatch
  provider.ingestBatch = async (events) => {
    // The first call outlasts timeoutMs; the retry comes at least 100 ms after it gave up.
    if (provider.calls === 0) await new Promise((resolve) => setTimeout(resolve, 200))
    await ingestBatch(events)
  }
  const failed = []
  ingest.initializeEventIngestion({ enabled: true, provider, batchSize: 3, timeoutMs: 150, onError: (error, events) => failed.push(events) })
  for (let i = 0; i < 3; i++) await ingest.emitEvent('user.joined', { metadata: { n: i } })
  const metrics = () => ingest.getEventIngestionMetrics()
  while (metrics().stored < 3) await settle()
  await ingest.shutdownEventIngestion()
  assert.deepEqual(provider.events.map((event) => event.metadata.n), [0, 1, 2])
  assert.equal(provider.calls, 1, 'the retry found nothing left to send')
  assert.deepEqual(failed, [])
})

test("the provider receives the caller's metadata object, as upstream does", async () => {
  const provider = recordingProvider()
  const metadata = { name: 'Ada', nested: { deep: true } }
  ingest.initializeEventIngestion({ enabled: true, provider, batchSize: 2 })
  await ingest.emitEvent('user.joined', { metadata })
  await ingest.emitEvent('user.joined', { userId: 7 })
  await ingest.shutdownEventIngestion()
  assert.equal(provider.events[0].metadata, metadata)
  assert.deepEqual(provider.events[1].metadata, {})
  assert.equal(provider.events[1].userId, '7')
  assert.equal(provider.events[1].sessionId, null)
})

test('displays come out right for every kind of value the display rules read', async () => {
  const provider = recordingProvider()
  ingest.initializeEventIngestion({ enabled: true, provider, batchSize: 6 })
  await ingest.emitEvent('user.joined', { metadata: { name: 'Zoë 😀', email: 'z@x' } })
  await ingest.emitEvent('user.joined', { metadata: { name: '', email: 42.5 } })
  await ingest.emitEvent('user.joined', { status: 'failed', metadata: { name: { first: 'A' }, email: Number.NaN } })
  await ingest.emitEvent('member.role_changed', { metadata: { newRole: 'admin', oldRole: 'member' } })
  await ingest.emitEvent('custom.thing 😀', { metadata: { name: 'Ada' } })
  await ingest.emitEvent('user.joined', { metadata: null })
  await ingest.shutdownEventIngestion()
  assert.deepEqual(
    provider.events.map((event) => [event.display.message, event.display.severity]),
    [
      ['Zoë 😀 joined!', 'success'],
      ['42.5 joined!', 'success'],
      ['User failed to join', 'failed'],
      ['Member role changed from member to admin', 'info'],
      ['custom.thing 😀', 'info'],
      ['User joined!', 'success'],
    ],
  )
})

/** Emits `count` events; WeakRefs to their metadata (from a frame of its own, which ends). */
async function emitTracked(count) {
  const kept = []
  for (let i = 0; i < count; i++) {
    const metadata = { n: i }
    kept.push(new WeakRef(metadata))
    await ingest.emitEvent('user.joined', { metadata })
  }
  return kept
}

test('events are let go once the provider has them', async () => {
  let stored = 0
  ingest.initializeEventIngestion({
    enabled: true,
    provider: { ingestBatch: async (events) => void (stored += events.length) },
    batchSize: 100,
  })
  const kept = await emitTracked(1000)
  while (stored < 1000) await settle()
  await settle()
  collectGarbage()
  assert.deepEqual(kept.map((ref, i) => (ref.deref() === undefined ? -1 : i)).filter((i) => i >= 0), [])
  assert.equal(ingest.isEventIngestionInitialized(), true, 'still running: held events were released, not dropped')
})

test('Rust refuses a hand-over of more emissions than times, so nothing is queued half-known', async () => {
  const { ProviderIngestion } = require('../binding')
  const native = new ProviderIngestion({ batchSize: 10 }, async () => '', false)
  try {
    const times = new Float64Array(4).fill(Date.now())
    assert.throws(() => native.enqueue(times, 0, 5), { code: 'InvalidArg', message: '5 emission times from 0 of a ring of 4' })
    assert.throws(() => native.enqueue(new Float64Array(3), 0, 1), { code: 'InvalidArg', message: '1 emission times from 0 of a ring of 3' })
    assert.equal(native.pending(), 0)
    assert.equal(native.enqueue(times, 3, 2), 2, 'from the last slot, wrapping around')
    assert.equal(native.pending(), 2)
  } finally {
    await native.shutdown()
  }
})
