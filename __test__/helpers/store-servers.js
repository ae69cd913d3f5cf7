'use strict'
// The local database servers the store suites run against (started by scripts/services.sh),
// and what a suite does when one is missing: with CI=true it fails, otherwise it is skipped
// with a message saying how to start the server.
const { execFileSync } = require('node:child_process')
const net = require('node:net')
const path = require('node:path')

const SERVICES_SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'services.sh')
const POSTGRES_URL = process.env.AUTH_INGEST_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const CLICKHOUSE_URL = process.env.AUTH_INGEST_TEST_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123'

async function postgresAnswers() {
  const { Client } = require('pg')
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

async function clickhouseAnswers() {
  try {
    const response = await fetch(`${CLICKHOUSE_URL}/ping`, { signal: AbortSignal.timeout(3000) })
    return response.ok
  } catch {
    return false
  }
}

/**
 * `{ skip }` options for node:test's `describe`: false when the server answers; a message when
 * it does not (outside CI). In CI a missing server throws, so the suite fails.
 */
async function requireServer(name) {
  const answers = name === 'postgres' ? await postgresAnswers() : await clickhouseAnswers()
  if (answers) return false
  const message = `${name} is not answering; start it with scripts/services.sh ${name}`
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: a missing server fails the suite)`)
  return message
}

/** Runs scripts/services.sh for one service (waits until it answers). */
function startService(name) {
  execFileSync('bash', [SERVICES_SCRIPT, name], { stdio: 'inherit' })
}

/** A TCP port that accepts connections and never answers (a hung server). */
async function silentServer() {
  const sockets = new Set()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: server.address().port,
    close: () => {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}

/** A port nothing listens on. */
async function closedPort() {
  const server = net.createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

let counter = 0
/** A table name no other test uses. */
function uniqueTable(prefix) {
  counter += 1
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`
}

const data = (i, extra = {}) => ({
  status: 'success',
  userId: `user_${i}`,
  metadata: { n: i },
  request: { ip: '203.0.113.7', headers: { 'user-agent': 'test-agent' } },
  ...extra,
})

module.exports = {
  POSTGRES_URL,
  CLICKHOUSE_URL,
  requireServer,
  startService,
  silentServer,
  closedPort,
  uniqueTable,
  data,
}
