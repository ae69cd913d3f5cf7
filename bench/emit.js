'use strict'
// emitEvent awaited in a loop, batched mode, into a provider that does nothing:
// the cost of accepting an event, side by side with the plain-JS way of doing the same
// enqueue (an object pushed to an array, a display template, a crypto.randomUUID()).
const crypto = require('node:crypto')
const ingest = require('..')

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000)
const ROUNDS = 5
/** The seed's login example: the one event emit-breakdown.js sends. */
const data = {
  status: 'success',
  userId: 'user_123',
  sessionId: 'session_456',
  metadata: { email: 'john@example.com', name: 'John Doe' },
  request: { headers: { 'user-agent': 'Mozilla/5.0' }, ip: '192.168.1.1' },
}

/** The users the payloads are about, as an application has them at hand. */
const USERS = Array.from({ length: 64 }, (_, index) => ({
  id: `user_${(0x9f2c + index * 7919).toString(16)}`,
  email: `member${index}@example.com`,
  name: index % 3 === 0 ? '' : `Member ${index}`,
}))

/**
 * What users send, in turn: the seed's shape (ids, one to three metadata fields, a user agent
 * and an IP), over four event types, with the display message each type shows. `data` builds
 * the payload as an application does, a new object for each call.
 */
const SHAPES = [
  {
    type: 'user.logged_in',
    data: (user, n) => ({
      status: 'success', userId: user.id, sessionId: `session_${n}`, metadata: { email: user.email, name: user.name },
      request: { headers: { 'user-agent': 'Mozilla/5.0' }, ip: '192.168.1.1' },
    }),
    display: (m) => `${m.name || m.email || 'User'} logged in`,
  },
  {
    type: 'user.joined',
    data: (user, n) => ({
      status: 'success', userId: user.id, sessionId: `session_${n}`, metadata: { email: user.email },
      request: { headers: { 'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15' }, ip: '203.0.113.7' },
    }),
    display: (m) => `${m.name || m.email || 'User'} joined!`,
  },
  {
    type: 'organization.created',
    data: (user, n) => ({
      status: 'success', userId: user.id, sessionId: `session_${n}`, organizationId: 'org_5521',
      metadata: { organizationName: 'Acme Corp', organizationSlug: 'acme', email: user.email },
      request: { headers: { 'user-agent': 'curl/8.5.0' }, ip: '198.51.100.23' },
    }),
    display: (m) => `Organization ${m.organizationName || 'Unknown'} created`,
  },
  {
    type: 'user.logged_out',
    data: (user, n) => ({
      status: 'success', userId: user.id, sessionId: `session_${n}`, metadata: { name: user.name, email: user.email },
      request: { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0' }, ip: '192.0.2.44' },
    }),
    display: (m) => `${m.name || m.email || 'User'} logged out`,
  },
]

/** How the `i`th call gets its payload: built for the call, or one of four built once. */
const REUSED = [data, ...SHAPES.slice(1).map((shape, index) => shape.data(USERS[index + 1], index + 1))]
const PAYLOADS = {
  'a new object for each call, as applications build them': (i) => SHAPES[i & 3].data(USERS[i & 63], i & 1023),
  'the same four objects for every call': (i) => REUSED[i & 3],
}

// The JS way (what better-auth-studio does per event, then its batch flush to the provider):
// the same AuthEvent, with crypto.randomUUID() and the type's display message.
let jsQueue = []
let jsDelivered = 0
const jsProvider = { ingestBatch: async (events) => void (jsDelivered += events.length) }
function emitPlainJs(shape, eventData) {
  const metadata = eventData.metadata || {}
  jsQueue.push({
    id: crypto.randomUUID(),
    type: shape.type,
    timestamp: new Date(),
    status: eventData.status,
    userId: eventData.userId ?? null,
    sessionId: eventData.sessionId ?? null,
    organizationId: eventData.organizationId ?? null,
    metadata,
    ipAddress: eventData.request?.ip ?? null,
    userAgent: eventData.request?.headers?.['user-agent'] ?? null,
    source: 'app',
    display: { message: shape.display(metadata), severity: 'success' },
  })
  if (jsQueue.length >= 1000) {
    const batch = jsQueue
    jsQueue = []
    jsProvider.ingestBatch(batch)
  }
}

const emitOurs = (shape, eventData) => ingest.emitEvent(shape.type, eventData)

async function timeLoop(emit, payload) {
  const started = process.hrtime.bigint()
  for (let i = 0; i < EVENTS; i++) await emit(SHAPES[i & 3], payload(i))
  return Number(process.hrtime.bigint() - started) / EVENTS
}

/** emitEvent into a native store that writes later: the JS-thread cost of accepting an event. */
async function nativeEnqueueCost(payload) {
  const file = require('node:path').join(require('node:os').tmpdir(), `auth-ingest-emit-${process.pid}.db`)
  ingest.initializeEventIngestion({
    enabled: true, clientType: 'sqlite', client: file, batchSize: 1000, flushInterval: 3_600_000, maxQueueSize: 10_000_000,
  })
  const rounds = []
  for (let round = 0; round < ROUNDS; round++) rounds.push(await timeLoop(emitOurs, payload))
  await ingest.shutdownEventIngestion()
  for (const suffix of ['', '-wal', '-shm']) require('node:fs').rmSync(file + suffix, { force: true })
  return Math.min(...rounds)
}

/** Resolves once `count()` reaches `target` (the provider has every event). */
async function delivered(count, target) {
  while (count() < target) await new Promise((resolve) => setImmediate(resolve))
}

/** ns per event of the awaited loop alone, and until the provider has received every event. */
async function timeDelivery(emit, payload, count) {
  const target = count() + EVENTS
  const started = process.hrtime.bigint()
  const loopNs = await timeLoop(emit, payload)
  await delivered(count, target)
  return { loopNs, endToEndNs: Number(process.hrtime.bigint() - started) / EVENTS }
}

/** Plain JS and ours into a no-op provider, taking turns; the best round of each. */
async function providerRounds(payload) {
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
    // Who goes first swaps every round (a warm JIT and a grown heap favour the second).
    const contestants = [
      () => timeDelivery(emitPlainJs, payload, () => jsDelivered).then((result) => plain.push(result)),
      () => timeDelivery(emitOurs, payload, () => stored).then((result) => ours.push(result)),
    ]
    if (round % 2 === 1) contestants.reverse()
    for (const run of contestants) await run()
  }
  await ingest.shutdownEventIngestion()
  if (stored !== EVENTS * ROUNDS) throw new Error(`provider received ${stored} of ${EVENTS * ROUNDS} events`)
  const best = (list, field) => Math.min(...list.map((round) => round[field]))
  return { plainNs: best(plain, 'endToEndNs'), oursNs: best(ours, 'loopNs'), oursEndToEndNs: best(ours, 'endToEndNs') }
}

async function main() {
  console.log(`emitEvent awaited in a loop, batchSize 1000, four payload shapes in turn, ${EVENTS.toLocaleString('en-US')} events x ${ROUNDS} rounds, best round:`)
  const results = {}
  for (const [payloads, payload] of Object.entries(PAYLOADS)) {
    const enqueueNs = await nativeEnqueueCost(payload)
    const { plainNs, oursNs, oursEndToEndNs } = await providerRounds(payload)
    console.log(`payloads: ${payloads}`)
    console.log(`  plain JS: the AuthEvent built (randomUUID, display), batched, handed to the provider : ${plainNs.toFixed(0)} ns/event`)
    console.log(`  auth-ingest, no-op custom JS provider, until it has every event                     : ${oursEndToEndNs.toFixed(0)} ns/event`)
    console.log(`  auth-ingest, native SQLite store writing meanwhile, the JS thread's cost             : ${enqueueNs.toFixed(0)} ns/event`)
    console.log(`  (auth-ingest's awaited loop alone, the provider still to receive the events: ${oursNs.toFixed(0)} ns/event; not comparable)`)
    console.log(
      `  ratio (plain JS / ours, above 1 is faster): JS provider ${(plainNs / oursEndToEndNs).toFixed(2)}x, ` +
        `native store's JS-thread cost ${(plainNs / enqueueNs).toFixed(2)}x`,
    )
    results[payloads] = { oursNs, oursEndToEndNs, enqueueNs, plainNs }
  }
  return results
}

module.exports = main
module.exports.data = data
if (require.main === module) main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
