'use strict'
// The local database servers the store suites run against (started by scripts/services.sh),
// and what a suite does when one is missing: with CI=true it fails, otherwise it is skipped
// with a message saying how to start the server.
const assert = require('node:assert/strict')
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
 * The `skip` option for a suite's tests: false when the server answers, else a message saying
 * how to start it. In CI (CI=true) a missing server is a failure, not a skip: one failing test
 * is registered with `test` (the others are skipped rather than each waiting to time out).
 */
async function requireServer(name, test) {
  const answers = name === 'postgres' ? await postgresAnswers() : await clickhouseAnswers()
  if (answers) return false
  const message = `${name} is not answering; start it with scripts/services.sh ${name}`
  if (process.env.CI === 'true') {
    test(`${name} answers (CI=true: a missing server fails the suite)`, () => {
      throw new Error(message)
    })
  }
  return message
}

/** Starts one service with scripts/services.sh and waits until it answers. */
function startService(name) {
  execFileSync('bash', [SERVICES_SCRIPT, name], { stdio: 'inherit' })
}

/** Stops one service (clickhouse) with scripts/services.sh and waits until it is down. */
function stopService(name) {
  execFileSync('bash', [SERVICES_SCRIPT, 'stop', name], { stdio: 'inherit' })
}

/**
 * Listens on an ephemeral 127.0.0.1 port; `close()` also destroys the `sockets` a test server
 * or proxy keeps, so it never waits for a client to hang up.
 */
async function listenLocally(server, sockets) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: server.address().port,
    close: () => {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}

/** A TCP port that accepts connections and never answers (a hung server). */
function silentServer() {
  const sockets = new Set()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
  })
  return listenLocally(server, sockets)
}

/** A port nothing listens on. */
async function closedPort() {
  const server = net.createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * `checkEventIngestionHealth()` for `clientType`: true with `liveClient`; false within its
 * 500 ms timeout against a server that never answers, and false against a closed port.
 * `clientAt(port)` is the client description for a server on 127.0.0.1:port.
 */
async function assertHealthChecks(ingest, clientType, liveClient, clientAt) {
  ingest.initializeEventIngestion({ enabled: true, clientType, client: liveClient })
  assert.equal(await ingest.checkEventIngestionHealth(), true)
  await ingest.shutdownEventIngestion()
  const hung = await silentServer()
  try {
    ingest.initializeEventIngestion({ enabled: true, clientType, client: clientAt(hung.port), timeoutMs: 500 })
    const started = Date.now()
    assert.equal(await ingest.checkEventIngestionHealth(), false)
    const elapsed = Date.now() - started
    assert.ok(elapsed >= 400 && elapsed < 2500, `${elapsed} ms`)
    await ingest.shutdownEventIngestion()
  } finally {
    await hung.close()
  }
  ingest.initializeEventIngestion({ enabled: true, clientType, client: clientAt(await closedPort()) })
  assert.equal(await ingest.checkEventIngestionHealth(), false)
  await ingest.shutdownEventIngestion()
}

let counter = 0
/** A table name no other test uses. */
function uniqueTable(prefix) {
  counter += 1
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`
}

/**
 * Initializes ingestion with `config`, emits `total` events made by `makeData(i)`, shuts down
 * (so everything is stored or given up on) and returns what reached onError.
 */
async function ingestAll(ingest, config, total, makeData = data) {
  const errors = []
  ingest.initializeEventIngestion({ enabled: true, onError: (error, events) => errors.push({ error, events }), ...config })
  for (let i = 0; i < total; i++) await ingest.emitEvent('user.logged_in', makeData(i))
  await ingest.shutdownEventIngestion()
  return errors
}

function data(i, extra = {}) {
  return {
    status: 'success',
    userId: `user_${i}`,
    metadata: { n: i },
    request: { ip: '203.0.113.7', headers: { 'user-agent': 'test-agent' } },
    ...extra,
  }
}

module.exports = {
  POSTGRES_URL,
  CLICKHOUSE_URL,
  requireServer,
  startService,
  stopService,
  listenLocally,
  silentServer,
  closedPort,
  uniqueTable,
  ingestAll,
  assertHealthChecks,
  data,
}
