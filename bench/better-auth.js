'use strict'
// The latency the Better Auth plugin adds to a sign-in: 1,000 email sign-ins through
// `auth.handler` with the plugin and 1,000 without, taking turns in the same run, against the
// same Better Auth database (SQLite via better-sqlite3); with the events going to the SQLite
// store (each event handed over at once, batchSize 1, and batched, batchSize 100) and to a
// custom JS provider. Prints p50 and p99 of each and their ratios.
// Better Auth's scrypt password hashing (~tens of ms, and noisy) is swapped for a SHA-256
// comparison so that what the plugin costs is not lost in it.
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const Database = require('better-sqlite3')
const { betterAuth } = require('better-auth')
const { getMigrations } = require('better-auth/db/migration')
const { authIngest } = require('../lib/better-auth')
const { shutdownEventIngestion, getEventQueueSize } = require('..')

const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 1_000)
const WARM_UP = 100
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-ingest-bench-'))
process.on('exit', () => fs.rmSync(directory, { recursive: true, force: true }))

const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex')
const fastPassword = {
  hash: async (password) => sha256(password),
  verify: async ({ hash, password }) => hash === sha256(password),
}

function application(database, plugins) {
  return betterAuth({
    baseURL: 'http://localhost:3000',
    secret: 'auth-ingest-benchmark-secret-0123456789abcdef',
    database,
    logger: { disabled: true },
    emailAndPassword: { enabled: true, password: fastPassword },
    plugins,
  })
}

async function signIn(auth) {
  const request = new Request('http://localhost:3000/api/auth/sign-in/email', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'bench/1.0',
      'x-forwarded-for': '203.0.113.7',
      origin: 'http://localhost:3000',
    },
    body: JSON.stringify({ email: 'bench@example.com', password: 'correct-horse-battery' }),
  })
  const started = performance.now()
  const response = await auth.handler(request)
  await response.arrayBuffer()
  const elapsed = performance.now() - started
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`)
  return elapsed
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

async function compare(label, eventsConfig, database) {
  const plain = application(database, [])
  const recorded = application(database, [authIngest(eventsConfig)])
  const times = { plain: [], recorded: [] }
  for (let i = 0; i < WARM_UP + SIGN_INS; i++) {
    // Taking turns, and swapping who goes first, so both see the same machine.
    const order =
      i % 2
        ? [
            ['plain', plain],
            ['recorded', recorded],
          ]
        : [
            ['recorded', recorded],
            ['plain', plain],
          ]
    for (const [name, auth] of order) {
      const elapsed = await signIn(auth)
      if (i >= WARM_UP) times[name].push(elapsed)
    }
  }
  while (getEventQueueSize() > 0) await new Promise((resolve) => setTimeout(resolve, 10))
  await shutdownEventIngestion()
  const [without, withPlugin] = [times.plain.sort((a, b) => a - b), times.recorded.sort((a, b) => a - b)]
  const row = (p) => {
    const [a, b] = [percentile(without, p), percentile(withPlugin, p)]
    const added = `${b >= a ? '+' : '−'}${Math.abs(b - a).toFixed(3)} ms`
    return `p${p} ${a.toFixed(3)} ms without, ${b.toFixed(3)} ms with (${added}, ×${(b / a).toFixed(3)})`
  }
  console.log(`${label}: ${SIGN_INS} sign-ins each\n  ${row(50)}\n  ${row(99)}`)
}

async function main() {
  const database = new Database(path.join(directory, 'auth.db'))
  const setup = application(database, [])
  const { runMigrations } = await getMigrations((await setup.$context).options)
  await runMigrations()
  await setup.api.signUpEmail({
    body: { email: 'bench@example.com', password: 'correct-horse-battery', name: 'Bench User' },
  })

  const store = { enabled: true, clientType: 'sqlite', client: path.join(directory, 'events.db') }
  await compare('SQLite store, batchSize 1', store, database)
  await compare('SQLite store, batchSize 100', { ...store, batchSize: 100, flushInterval: 1000 }, database)
  let received = 0
  const provider = { ingest: async () => void (received += 1) }
  await compare('custom provider', { enabled: true, provider }, database)
  console.log(`(the custom provider received ${received} events: 2 per sign-in with the plugin)`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
