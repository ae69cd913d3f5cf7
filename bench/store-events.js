'use strict'
// What the PostgreSQL, ClickHouse and HTTPS benchmarks share: the emitted data, the event the
// JavaScript way builds from it (as better-auth-studio does before writing), and reporting.
const crypto = require('node:crypto')

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000)
const BATCH = 1000

function eventData(i) {
  return {
    status: i % 13 === 0 ? 'failed' : 'success',
    userId: `user_${i % 1000}`,
    sessionId: `session_${i}`,
    metadata: { email: `user${i % 1000}@example.com`, name: 'John Doe', attempt: i },
    request: { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)' }, ip: `10.0.${(i >> 8) & 255}.${i & 255}` },
  }
}

/** The AuthEvent the JS package builds for `eventData(i)`. */
function jsEvent(i) {
  const data = eventData(i)
  const failed = data.status === 'failed'
  const name = data.metadata.name || data.metadata.email || 'User'
  return {
    id: crypto.randomUUID(),
    type: 'user.logged_in',
    timestamp: new Date(),
    status: data.status,
    userId: data.userId,
    sessionId: data.sessionId,
    organizationId: null,
    metadata: data.metadata,
    ipAddress: data.request.ip,
    userAgent: data.request.headers['user-agent'],
    source: 'app',
    display: { message: failed ? `${name} failed to login` : `${name} logged in`, severity: failed ? 'failed' : 'success' },
  }
}

/** Times `work` (which returns how many events were stored). */
async function timed(name, work) {
  const started = process.hrtime.bigint()
  const stored = await work()
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return { name, seconds, stored, rate: stored / seconds }
}

function report(title, ours, others) {
  console.log(`${title}: ${EVENTS.toLocaleString('en')} events, batches of ${BATCH}`)
  for (const result of [ours, ...others]) {
    console.log(`  ${result.name.padEnd(44)} ${result.seconds.toFixed(2).padStart(6)} s  ${Math.round(result.rate).toLocaleString('en').padStart(9)} events/s  (${result.stored.toLocaleString('en')} stored)`)
  }
  for (const other of others) console.log(`  ratio ours / ${other.name}: ${(ours.rate / other.rate).toFixed(2)}x`)
  const missing = [ours, ...others].filter((result) => result.stored !== EVENTS)
  if (missing.length) {
    console.error(`  not every event was stored: ${missing.map((r) => r.name).join(', ')}`)
    process.exitCode = 1
  }
}

module.exports = { EVENTS, BATCH, eventData, jsEvent, timed, report }
