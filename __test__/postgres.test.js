'use strict'
// The PostgreSQL store (clientType postgres / prisma / drizzle) against the local server:
// what the table holds after ingestion, every accepted `client` form, the provider's reads,
// retried and refused batches, TLS, a server restart in the middle of 50,000 events, outages
// at shutdown, health checks, and passwords kept out of every message.
const { describe, test, before, after, afterEach } = require('node:test')
const assert = require('node:assert/strict')
const { execFile } = require('node:child_process')
const fs = require('node:fs')
const { promisify } = require('node:util')
const { makeCertificates } = require('./fake-auth0/certs')
const { startPgTlsProxy } = require('./helpers/pg-tls-proxy')
const { assertPagingCovers } = require('./helpers/provider-reads')
const { postgresTableSql } = require('./helpers/js-package-tables')
const { POSTGRES_URL, requireServer, startService, closedPort, uniqueTable, data, ingestAll: storeIngestAll, assertHealthChecks } = require('./helpers/store-servers')

// The addon reads NODE_EXTRA_CA_CERTS once, on its first TLS connection, as Node does.
const certificates = makeCertificates()
process.env.NODE_EXTRA_CA_CERTS = certificates.caPath
process.on('exit', () => certificates.remove())

const ingest = require('..')
const { Pool, Client } = require('pg')

const run = promisify(execFile)

describe('PostgreSQL store', async () => {
  const skip = await requireServer('postgres', test)
  let pool

  before(() => {
    if (skip) return
    pool = new Pool({ connectionString: POSTGRES_URL, max: 2 })
    pool.on('error', () => {}) // idle connections are cut by the restart test
  })
  after(() => pool?.end())
  afterEach(() => ingest.shutdownEventIngestion())

  const rows = async (table, order = 'timestamp, id') => (await pool.query(`SELECT * FROM ${table} ORDER BY ${order}`)).rows

  const ingestAll = (config, total, makeData) => storeIngestAll(ingest, { clientType: 'postgres', ...config }, total, makeData)

  test('writes batches into the SPEC table: columns, JSONB metadata, INET, display, indexes', { skip }, async () => {
    const table = uniqueTable('pg_layout')
    const errors = await ingestAll({ client: POSTGRES_URL, tableName: table, batchSize: 100 }, 250, (i) =>
      data(i, {
        sessionId: `s${i}`,
        organizationId: i % 2 ? `org${i}` : undefined,
        metadata: { n: i, name: 'Ada', nested: { list: [1, 'two', null], flag: true } },
        request: { ip: i % 3 === 0 ? 'not-an-ip' : `10.1.0.${i % 250}`, headers: { 'User-Agent': 'Mozilla/5.0' } },
      }),
    )
    assert.deepEqual(errors, [])
    const stored = await rows(table)
    assert.equal(stored.length, 250)
    const first = stored[0]
    assert.equal(first.type, 'user.logged_in')
    assert.equal(first.status, 'success')
    assert.equal(first.user_id, 'user_0')
    assert.equal(first.session_id, 's0')
    assert.equal(first.organization_id, null)
    assert.deepEqual(first.metadata, { n: 0, name: 'Ada', nested: { list: [1, 'two', null], flag: true }, ipAddress: 'not-an-ip' })
    assert.equal(first.ip_address, null)
    assert.equal(stored[1].ip_address, '10.1.0.1')
    assert.deepEqual(stored[1].metadata, { n: 1, name: 'Ada', nested: { list: [1, 'two', null], flag: true } })
    assert.equal(first.user_agent, 'Mozilla/5.0')
    assert.equal(first.source, 'app')
    assert.equal(first.display_message, 'Ada logged in')
    assert.equal(first.display_severity, 'success')
    assert.ok(first.timestamp instanceof Date && first.created_at instanceof Date)
    assert.deepEqual(stored.map((row) => row.metadata.n), [...Array(250).keys()])
    const { rows: columns } = await pool.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
      [table],
    )
    assert.deepEqual(
      columns.map((c) => `${c.column_name} ${c.data_type}`),
      [
        'id uuid', 'type character varying', 'timestamp timestamp with time zone', 'status character varying',
        'user_id character varying', 'session_id character varying', 'organization_id character varying',
        'metadata jsonb', 'ip_address inet', 'user_agent text', 'source character varying', 'display_message text',
        'display_severity character varying', 'created_at timestamp with time zone',
      ],
    )
    const { rows: indexes } = await pool.query('SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY indexname', [table])
    assert.deepEqual(indexes.map((i) => i.indexname), [
      `${table}_pkey`, `idx_${table}_id_timestamp`, `idx_${table}_timestamp`, `idx_${table}_type`, `idx_${table}_user_id`,
    ].sort())
  })

  test('batchSize 1: emitEvent resolves once the row is in the table', { skip }, async () => {
    const table = uniqueTable('pg_single')
    ingest.initializeEventIngestion({ enabled: true, clientType: 'postgres', client: POSTGRES_URL, tableName: table })
    await ingest.emitEvent('user.joined', data(1))
    assert.equal((await rows(table)).length, 1)
    await ingest.emitEvent('user.joined', data(2))
    assert.equal((await rows(table)).length, 2)
  })

  test('schema.table, created with its schema when missing, from a config object', { skip }, async () => {
    const schema = uniqueTable('events_schema')
    const table = `${schema}.auth_events`
    const url = new URL(POSTGRES_URL)
    const client = { host: url.hostname, port: Number(url.port), user: url.username, database: url.pathname.slice(1) }
    const errors = await ingestAll({ client, tableName: table, batchSize: 10 }, 25)
    assert.deepEqual(errors, [])
    assert.equal((await rows(`"${schema}"."auth_events"`)).length, 25)
    await pool.query(`DROP SCHEMA "${schema}" CASCADE`)
  })

  test('client as a pg Pool, a pg Client, a Drizzle instance and { connectionString }', { skip }, async () => {
    const { drizzle } = require('drizzle-orm/node-postgres')
    const userPool = new Pool({ connectionString: POSTGRES_URL })
    const userClient = new Client({ connectionString: POSTGRES_URL })
    const forms = [
      ['postgres', userPool],
      ['postgres', userClient],
      ['drizzle', drizzle(userPool)],
      ['drizzle', { $client: userPool }],
      ['prisma', { connectionString: POSTGRES_URL }],
    ]
    try {
      for (const [clientType, client] of forms) {
        const table = uniqueTable('pg_forms')
        const errors = await ingestAll({ clientType, client, tableName: table, batchSize: 5 }, 7)
        assert.deepEqual(errors, [], clientType)
        assert.equal((await rows(table)).length, 7, `${clientType} ${client.constructor.name}`)
      }
      // The JS clients were only read, never connected or closed by us.
      assert.equal(userPool.totalCount, 0)
    } finally {
      await userPool.end()
    }
  })

  test('a Prisma client: its datasource URL when readable, else a TypeError asking for the URL', { skip }, async () => {
    const prismaLike = (engineConfig) => ({ $connect() {}, $queryRaw() {}, $executeRaw() {}, _engineConfig: engineConfig })
    const table = uniqueTable('pg_prisma')
    process.env.AUTH_INGEST_TEST_DATABASE_URL = POSTGRES_URL
    const client = prismaLike({ inlineDatasources: { db: { url: { fromEnvVar: 'AUTH_INGEST_TEST_DATABASE_URL', value: null } } } })
    const errors = await ingestAll({ clientType: 'prisma', client, tableName: table, batchSize: 2 }, 3)
    assert.deepEqual(errors, [])
    assert.equal((await rows(table)).length, 3)
    assert.throws(
      () => ingest.initializeEventIngestion({ enabled: true, clientType: 'prisma', client: prismaLike({}) }),
      (error) => error instanceof TypeError && /Prisma client/.test(error.message) && /pass the database URL/.test(error.message),
    )
  })

  test('wrong client forms are TypeErrors naming the clientType and the accepted forms', { skip }, () => {
    for (const client of [42, ['x'], { nothing: true }, new Map()]) {
      assert.throws(
        () => ingest.initializeEventIngestion({ enabled: true, clientType: 'postgres', client }),
        (error) => error instanceof TypeError && /clientType 'postgres'/.test(error.message) && /connection string/.test(error.message),
      )
    }
    assert.throws(
      () => ingest.initializeEventIngestion({ enabled: true, clientType: 'postgres', client: 'postgres://u:p@h/db?sslmode=sometimes' }),
      (error) => error instanceof TypeError && /sslmode/.test(error.message),
    )
  })

  test('a table created by the JS package is used as it is; query, count and getStats read it', { skip }, async () => {
    const table = uniqueTable('pg_existing')
    await pool.query(postgresTableSql(table))
    await pool.query(
      `INSERT INTO ${table} (id, type, timestamp, status, user_id, metadata, display_message, display_severity)
       VALUES ('2b0a2f9e-4c1f-4d5e-9a55-1f0c8f3a7b21', 'user.banned', '2024-01-01T00:00:00Z', 'success', 'old', '{"by":"admin"}', 'User banned', 'failed')`,
    )
    ingest.initializeEventIngestion({ enabled: true, clientType: 'postgres', client: POSTGRES_URL, tableName: table, batchSize: 50 })
    for (let i = 0; i < 30; i++) await ingest.emitEvent(i % 3 ? 'user.joined' : 'user.password_reset', data(i, { status: i % 5 ? 'success' : 'failed' }))
    await ingest.getEventIngestionProvider().ingestBatch([]) // an empty batch is fine
    await ingest.shutdownEventIngestion()
    ingest.initializeEventIngestion({ enabled: true, clientType: 'postgres', client: POSTGRES_URL, tableName: table })
    const reader = ingest.getEventIngestionProvider()
    assert.equal(await reader.count(), 31)
    const stats = await reader.getStats()
    assert.equal(stats.total, 31)
    assert.equal(stats.failed, 1 + 6)
    assert.equal(stats.success + stats.failed + stats.warning + stats.info, 31)

    const oldest = await reader.query({ sort: 'asc', limit: 1 })
    assert.equal(oldest.events[0].userId, 'old')
    assert.deepEqual(oldest.events[0].metadata, { by: 'admin' })
    assert.ok(oldest.events[0].timestamp instanceof Date)
    assert.equal(oldest.hasMore, true)

    await assertPagingCovers(reader, 31)

    const resets = await reader.query({ type: 'user.password_reset', limit: 100 })
    assert.equal(resets.events.length, 10)
    const one = await reader.query({ userId: 'user_4' })
    assert.deepEqual(one.events.map((e) => e.metadata.n), [4])
    const recent = await reader.query({ since: new Date('2025-01-01'), limit: 100 })
    assert.equal(recent.events.length, 30)
  })

  test('a batch retried after it was in fact committed is skipped, not refused or duplicated', { skip }, async () => {
    const table = uniqueTable('pg_retry')
    ingest.initializeEventIngestion({ enabled: true, clientType: 'postgres', client: POSTGRES_URL, tableName: table })
    const provider = ingest.getEventIngestionProvider()
    const events = Array.from({ length: 20 }, (_, i) => ({
      id: `0190f0c2-0000-7000-8000-${String(i).padStart(12, '0')}`,
      type: 'user.joined',
      timestamp: new Date(1_700_000_000_000 + i),
      status: 'success',
      userId: `u${i}`,
      metadata: { n: i },
      source: 'app',
      display: { message: 'User joined', severity: 'success' },
    }))
    await provider.ingestBatch(events.slice(0, 8))
    await provider.ingestBatch(events) // 8 already stored: the rest lands, nothing fails
    await provider.ingestBatch(events)
    const stored = await rows(table)
    assert.deepEqual(stored.map((row) => row.user_id), events.map((e) => e.userId))
  })

  test('one row the table refuses goes to onError; the rest of its batch is stored', { skip }, async () => {
    const table = uniqueTable('pg_refused')
    const errors = await ingestAll({ client: POSTGRES_URL, tableName: table, batchSize: 10 }, 10, (i) => data(i))
    assert.deepEqual(errors, [])
    const bad = []
    ingest.initializeEventIngestion({
      enabled: true, clientType: 'postgres', client: POSTGRES_URL, tableName: table, batchSize: 10,
      onError: (error, events) => bad.push({ error, events }),
    })
    for (let i = 10; i < 20; i++) await ingest.emitEvent(i === 13 ? 'x'.repeat(150) : 'user.joined', data(i))
    await ingest.shutdownEventIngestion()
    assert.equal(bad.length, 1)
    assert.equal(bad[0].events.length, 1)
    assert.equal(bad[0].events[0].metadata.n, 13)
    assert.match(bad[0].error.message, /too long/)
    assert.equal((await rows(table)).length, 19)
  })

  test('sslmode=require: TLS with a CA trusted through NODE_EXTRA_CA_CERTS', { skip }, async () => {
    const proxy = await startPgTlsProxy({ key: certificates.key, cert: certificates.cert })
    try {
      const table = uniqueTable('pg_tls')
      const url = new URL(POSTGRES_URL)
      url.port = String(proxy.port)
      url.searchParams.set('sslmode', 'require')
      const errors = await ingestAll({ client: url.href, tableName: table, batchSize: 5, timeoutMs: 3000 }, 12)
      assert.deepEqual(errors, [])
      assert.equal((await rows(table)).length, 12)
      assert.ok(proxy.tlsSessions >= 1)

      // Without sslmode the proxy (which only speaks TLS) refuses: no silent downgrade path is taken.
      url.searchParams.delete('sslmode')
      ingest.initializeEventIngestion({ enabled: true, clientType: 'postgres', client: url.href, tableName: table, timeoutMs: 1000 })
      assert.equal(await ingest.checkEventIngestionHealth(), false)
      assert.ok(proxy.plainRefused >= 1)
    } finally {
      await ingest.shutdownEventIngestion()
      await proxy.close()
    }
  })

  test('health: true against the live server, false within the timeout against a hung or closed one', { skip }, async () => {
    await assertHealthChecks(ingest, 'postgres', POSTGRES_URL, (port) => `postgres://postgres@127.0.0.1:${port}/test`)
  })

  test('store unreachable at shutdown: shutdown returns after its timeout, onError gets every event, no password shown', { skip }, async () => {
    const secret = 'Sup3r-s3cret-pw'
    const logged = []
    const originalError = console.error
    console.error = (...args) => logged.push(args.join(' '))
    const errors = []
    try {
      ingest.initializeEventIngestion({
        enabled: true, clientType: 'postgres', client: `postgres://ada:${secret}@127.0.0.1:${await closedPort()}/test`,
        batchSize: 5, timeoutMs: 1000, onError: (error, events) => errors.push({ error, events }),
      })
      for (let i = 0; i < 12; i++) await ingest.emitEvent('user.joined', data(i))
      assert.equal(await ingest.checkEventIngestionHealth(), false)
      await assert.rejects(ingest.getEventIngestionProvider().count(), (error) =>
        /^PostgreSQL at 127\.0\.0\.1:\d+\/test: error connecting/.test(error.message) && !error.message.includes(secret))
      const started = Date.now()
      await ingest.shutdownEventIngestion()
      const elapsed = Date.now() - started
      assert.ok(elapsed < 4000, `shutdown took ${elapsed} ms`)
    } finally {
      console.error = originalError
    }
    const given = errors.flatMap((e) => e.events.map((event) => event.metadata.n)).sort((a, b) => a - b)
    assert.deepEqual(given, [...Array(12).keys()])
    for (const { error } of errors) assert.ok(!error.message.includes(secret), error.message)
    for (const line of logged) assert.ok(!line.includes(secret), line)
    assert.throws(
      () => ingest.initializeEventIngestion({ enabled: true, clientType: 'postgres', client: `postgres://ada:${secret}@[::1/test` }),
      (error) => error instanceof TypeError && !error.message.includes(secret),
    )
  })

  test('PostgreSQL restarted in the middle of 50,000 events: nothing lost, nothing duplicated', { skip, timeout: 120_000 }, async () => {
    const table = uniqueTable('pg_restart')
    const errors = []
    const total = 50_000
    ingest.initializeEventIngestion({
      enabled: true, clientType: 'postgres', client: POSTGRES_URL, tableName: table, batchSize: 500,
      timeoutMs: 30_000, onError: (error, events) => errors.push({ error, events }),
    })
    const version = fs.readdirSync('/etc/postgresql').sort().pop()
    // A restart split in two (stop, then start once the rest is emitted) so that it always lands
    // under the ingest: a quick `restart` between two batches is masked by the pool reconnecting.
    try {
      for (let i = 0; i < total; i++) {
        await ingest.emitEvent('user.joined', data(i))
        if (i === 5_000) {
          while (ingest.getEventIngestionMetrics().stored < 2_000) await new Promise((resolve) => setTimeout(resolve, 5))
          await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'stop'])
        }
      }
      assert.ok(ingest.getEventQueueSize() > 0)
      // Start the server again only once a write has failed against the stopped one.
      for (let waited = 0; ingest.getEventIngestionMetrics().retries === 0 && waited < 10_000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    } finally {
      startService('postgres')
    }
    while (ingest.getEventQueueSize() > 0) await new Promise((resolve) => setTimeout(resolve, 20))
    const metrics = ingest.getEventIngestionMetrics()
    await ingest.shutdownEventIngestion()
    assert.ok(metrics.retries > 0, 'the writes failed while the server was down')
    assert.equal(metrics.stored, total)
    assert.deepEqual(errors.map((e) => e.error.message), [])
    const { rows: [counts] } = await pool.query(`SELECT COUNT(*)::int AS rows, COUNT(DISTINCT (metadata->>'n'))::int AS distinct_n FROM ${table}`)
    assert.deepEqual(counts, { rows: total, distinct_n: total })
  })
})
