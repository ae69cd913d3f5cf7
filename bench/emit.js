'use strict'
// emitEvent awaited in a loop, batched mode, into a provider that does nothing:
// the cost of accepting an event, side by side with the plain-JS way of doing the same
// enqueue (an object pushed to an array, a display template, a crypto.randomUUID()).
const crypto = require('node:crypto')
const ingest = require('..')

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000)
const ROUNDS = 5
/** The one event every emitEvent benchmark sends (the seed's login example). */
const data = {
  status: 'success',
  userId: 'user_123',
  sessionId: 'session_456',
  metadata: { email: 'john@example.com', name: 'John Doe' },
  request: { headers: { 'user-agent': 'Mozilla/5.0' }, ip: '192.168.1.1' },
}

// The JS way (what better-auth-studio does per event, then its batch flush to the provider).
let jsQueue = []
let jsDelivered = 0
const jsProvider = { ingestBatch: async (events) => void (jsDelivered += events.length) }
async function emitPlainJs(type, eventData) {
  const metadata = eventData.metadata || {}
  const name = metadata.name || metadata.email || 'User'
  jsQueue.push({
    id: crypto.randomUUID(),
    type,
    timestamp: new Date(),
    status: eventData.status,
    userId: eventData.userId,
    sessionId: eventData.sessionId,
    organizationId: eventData.organizationId,
    metadata,
    ipAddress: eventData.request?.ip,
    userAgent: eventData.request?.headers?.['user-agent'],
    source: 'app',
    display: { message: `${name} logged in`, severity: 'success' },
  })
  if (jsQueue.length >= 1000) {
    const batch = jsQueue
    jsQueue = []
    jsProvider.ingestBatch(batch)
  }
}

async function timeLoop(emit) {
  const started = process.hrtime.bigint()
  for (let i = 0; i < EVENTS; i++) await emit('user.logged_in', data)
  return Number(process.hrtime.bigint() - started) / EVENTS
}

/** emitEvent into a native store that writes later: the JS-thread cost of accepting an event. */
async function nativeEnqueueCost() {
  const file = require('node:path').join(require('node:os').tmpdir(), `auth-ingest-emit-${process.pid}.db`)
  ingest.initializeEventIngestion({
    enabled: true, clientType: 'sqlite', client: file, batchSize: 1000, flushInterval: 3_600_000, maxQueueSize: 10_000_000,
  })
  const rounds = []
  for (let round = 0; round < ROUNDS; round++) rounds.push(await timeLoop(ingest.emitEvent))
  await ingest.shutdownEventIngestion()
  for (const suffix of ['', '-wal', '-shm']) require('node:fs').rmSync(file + suffix, { force: true })
  return Math.min(...rounds)
}

/** Resolves once `count()` reaches `target` (the provider has every event). */
async function delivered(count, target) {
  while (count() < target) await new Promise((resolve) => setImmediate(resolve))
}

/** ns per event of the awaited loop alone, and until the provider has received every event. */
async function timeDelivery(emit, count) {
  const target = count() + EVENTS
  const started = process.hrtime.bigint()
  const loopNs = await timeLoop(emit)
  await delivered(count, target)
  return { loopNs, endToEndNs: Number(process.hrtime.bigint() - started) / EVENTS }
}

async function main() {
  const enqueueNs = await nativeEnqueueCost()
  let stored = 0
  ingest.initializeEventIngestion({
    enabled: true,
    provider: { ingestBatch: async (events) => void (stored += events.length), ingest: async () => void (stored += 1) },
    batchSize: 1000,
    flushInterval: 1000,
    maxQueueSize: 1_000_000,
  })
  const ours = []
  const plain = []
  for (let round = 0; round < ROUNDS; round++) {
    plain.push(await timeDelivery(emitPlainJs, () => jsDelivered))
    ours.push(await timeDelivery(ingest.emitEvent, () => stored))
  }
  await ingest.shutdownEventIngestion()
  if (stored !== EVENTS * ROUNDS) throw new Error(`provider received ${stored} of ${EVENTS * ROUNDS} events`)
  const best = (list, field) => Math.min(...list.map((round) => round[field]))
  const plainNs = best(plain, 'endToEndNs')
  const oursNs = best(ours, 'loopNs')
  const oursEndToEndNs = best(ours, 'endToEndNs')
  console.log(`emitEvent awaited in a loop, batchSize 1000, ${EVENTS.toLocaleString('en-US')} events x ${ROUNDS} rounds, best round:`)
  console.log(`  plain JS enqueue (object, template, randomUUID), flushed to the provider : ${plainNs.toFixed(0)} ns/event`)
  console.log(`  auth-ingest, native SQLite store writing meanwhile                      : ${enqueueNs.toFixed(0)} ns/event`)
  console.log(`  auth-ingest, no-op custom JS provider, the loop alone                   : ${oursNs.toFixed(0)} ns/event`)
  console.log(`  auth-ingest, no-op custom JS provider, until it has every event         : ${oursEndToEndNs.toFixed(0)} ns/event`)
  console.log(
    `  ratio (plain JS / ours): native store ${(plainNs / enqueueNs).toFixed(2)}x, ` +
      `JS provider loop ${(plainNs / oursNs).toFixed(2)}x, end to end ${(plainNs / oursEndToEndNs).toFixed(2)}x`,
  )
  return { oursNs, oursEndToEndNs, enqueueNs, plainNs }
}

module.exports = main
module.exports.data = data
if (require.main === module) main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
