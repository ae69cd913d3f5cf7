'use strict'
// What the PostgreSQL, ClickHouse and HTTPS benchmarks share: the emitted data, the event the
// JavaScript way builds from it (as better-auth-studio does before writing), and reporting.
const crypto = require('node:crypto')

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000)
const BATCH = 1000
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

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

/**
 * Runs every contestant ROUNDS times, taking turns and swapping who goes first each round, so
 * that no one profits from another having warmed the JIT, the heap or the server; keeps each
 * one's median round, under the contestant's `name`. `run(round)` resolves to a result with
 * `seconds` and `stored` (as `timed` gives). The kept result also holds every round (`rounds`, `rates`), and its `stored` is the
 * fewest events any round stored, so that a round which lost some shows.
 */
async function contest(contestants) {
  const results = contestants.map(() => [])
  for (let round = 0; round < ROUNDS; round++) {
    const order = contestants.map((_, index) => index)
    if (round % 2 === 1) order.reverse()
    for (const index of order) results[index].push(await contestants[index].run(round))
  }
  return results.map((rounds, index) => {
    const median = [...rounds].sort((a, b) => a.seconds - b.seconds)[Math.floor((rounds.length - 1) / 2)]
    const rates = rounds.map((result) => result.stored / result.seconds)
    const stored = Math.min(...rounds.map((result) => result.stored))
    return { ...median, name: contestants[index].name, rate: median.stored / median.seconds, rates, rounds, stored }
  })
}

/**
 * Contestants that each write into a fresh table every round: `createTable(name)` makes it
 * before the clock starts; every table made is in `tables`, for the caller to drop.
 */
function freshTables(createTable) {
  const suffix = `${process.pid}_${Date.now().toString(36)}`
  const tables = []
  const contestant = (name, prefix, write) => ({
    name,
    run: async (round) => {
      const table = await createTable(`bench_${prefix}_${round}_${suffix}`)
      tables.push(table)
      return timed(name, () => write(table))
    },
  })
  return { contestant, tables }
}

const perSecond = (rate) => Math.round(rate).toLocaleString('en')

function report(title, ours, others) {
  console.log(`${title}: ${EVENTS.toLocaleString('en')} events, batches of ${BATCH}, median of ${ROUNDS} alternating rounds`)
  for (const result of [ours, ...others]) {
    const rounds = result.rates ? `  rounds: ${result.rates.map(perSecond).join(' / ')}` : ''
    console.log(`  ${result.name.padEnd(44)} ${result.seconds.toFixed(2).padStart(6)} s  ${perSecond(result.rate).padStart(9)} events/s  (${result.stored.toLocaleString('en')} stored)${rounds}`)
  }
  for (const other of others) console.log(`  ratio ours / ${other.name}: ${(ours.rate / other.rate).toFixed(2)}x`)
  const missing = [ours, ...others].filter((result) => result.stored !== EVENTS)
  if (missing.length) {
    console.error(`  not every event was stored: ${missing.map((r) => r.name).join(', ')}`)
    process.exitCode = 1
  }
}

module.exports = { EVENTS, BATCH, ROUNDS, eventData, jsEvent, timed, contest, freshTables, report }
