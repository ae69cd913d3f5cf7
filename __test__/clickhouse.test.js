'use strict'
// The ClickHouse store against the local server (Debian's 18.16): what the table holds, the
// accepted `client` forms, the provider's reads, no duplicates when an INSERT's answer is
// lost, the server stopped at start and started later, outages at shutdown, health checks,
// and passwords kept out of every message.
const { describe, test, before, after, afterEach } = require('node:test')
const assert = require('node:assert/strict')
const ingest = require('..')
const { createClient } = require('@clickhouse/client')
const { startCuttingProxy } = require('./helpers/cutting-proxy')
const { assertPagingCovers } = require('./helpers/provider-reads')
const { clickhouseTableSql } = require('./helpers/js-package-tables')
const { CLICKHOUSE_URL, requireServer, startService, stopService, closedPort, uniqueTable, data, ingestAll: storeIngestAll, assertHealthChecks } = require('./helpers/store-servers')

describe('ClickHouse store', async () => {
  const skip = await requireServer('clickhouse', test)
  let reader

  before(() => {
    if (!skip) reader = createClient({ url: CLICKHOUSE_URL })
  })
  after(() => reader?.close())
  afterEach(() => ingest.shutdownEventIngestion())

  const rows = async (table) => {
    const result = await reader.query({ query: `SELECT *, toUnixTimestamp(timestamp) AS seconds FROM ${table} ORDER BY timestamp, user_id`, format: 'JSONEachRow' })
    return result.json()
  }
  const count = async (table) => {
    const result = await reader.query({ query: `SELECT count() AS n, uniqExact(id) AS ids FROM ${table}`, format: 'JSONEachRow' })
    const [{ n, ids }] = await result.json()
    return { rows: Number(n), ids: Number(ids) }
  }

  const ingestAll = (config, total, makeData) => storeIngestAll(ingest, { clientType: 'clickhouse', ...config }, total, makeData)

  test('writes batches into the SPEC table: columns, types, metadata as JSON text', { skip }, async () => {
    const table = uniqueTable('ch_layout')
    const before = Math.floor(Date.now() / 1000)
    const errors = await ingestAll({ client: CLICKHOUSE_URL, tableName: table, batchSize: 100 }, 250, (i) =>
      data(i, {
        sessionId: `s${i}`,
        organizationId: i % 2 ? `org${i}` : undefined,
        metadata: { n: i, name: 'Ada', nested: { list: [1, 'two', null] } },
        request: { ip: i % 3 === 0 ? 'not-an-ip' : `10.1.0.${i % 250}`, headers: { 'User-Agent': 'Mozilla/5.0' } },
      }),
    )
    assert.deepEqual(errors, [])
    const stored = (await rows(table)).sort((a, b) => JSON.parse(a.metadata).n - JSON.parse(b.metadata).n)
    assert.equal(stored.length, 250)
    const [first, second] = stored
    assert.match(first.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/)
    assert.equal(first.type, 'user.logged_in')
    assert.equal(first.status, 'success')
    assert.equal(first.user_id, 'user_0')
    assert.equal(first.session_id, 's0')
    assert.equal(first.organization_id, null)
    assert.equal(second.organization_id, 'org1')
    assert.deepEqual(JSON.parse(first.metadata), { n: 0, name: 'Ada', nested: { list: [1, 'two', null] } })
    assert.equal(first.ip_address, 'not-an-ip') // a String column keeps what was given
    assert.equal(first.user_agent, 'Mozilla/5.0')
    assert.equal(first.source, 'app')
    assert.equal(first.display_message, 'Ada logged in')
    assert.equal(first.display_severity, 'success')
    assert.ok(first.seconds >= before && first.seconds <= before + 60)
    const result = await reader.query({ query: `DESCRIBE TABLE ${table}`, format: 'JSONEachRow' })
    assert.deepEqual((await result.json()).map((c) => `${c.name} ${c.type}`), [
      'id UUID', 'type String', 'timestamp DateTime', 'status String', 'user_id Nullable(String)',
      'session_id Nullable(String)', 'organization_id Nullable(String)', 'metadata String',
      'ip_address Nullable(String)', 'user_agent Nullable(String)', 'source String',
      'display_message Nullable(String)', 'display_severity Nullable(String)', 'created_at DateTime',
    ])
  })

  test('client as a URL with a database, an object, and a @clickhouse/client client', { skip }, async () => {
    const database = uniqueTable('ch_db')
    await reader.command({ query: `CREATE DATABASE ${database}` })
    const userClient = createClient({ url: CLICKHOUSE_URL, username: 'default', password: '', database })
    try {
      const forms = [
        `${CLICKHOUSE_URL}/${database}`,
        { url: CLICKHOUSE_URL, username: 'default', password: '', database },
        userClient,
      ]
      for (const client of forms) {
        const table = uniqueTable('ch_forms')
        const errors = await ingestAll({ client, tableName: table, batchSize: 5 }, 7)
        assert.deepEqual(errors, [])
        assert.deepEqual(await count(`${database}.${table}`), { rows: 7, ids: 7 })
      }
      // schema.table means database.table.
      const table = uniqueTable('ch_qualified')
      await ingestAll({ client: CLICKHOUSE_URL, tableName: `${database}.${table}`, batchSize: 3 }, 4)
      assert.deepEqual(await count(`${database}.${table}`), { rows: 4, ids: 4 })
    } finally {
      await userClient.close()
      await reader.command({ query: `DROP DATABASE ${database}` })
    }
    for (const client of [42, { nothing: true }, 'ftp://host/db']) {
      assert.throws(
        () => ingest.initializeEventIngestion({ enabled: true, clientType: 'clickhouse', client }),
        (error) => error instanceof TypeError && /clientType 'clickhouse'/.test(error.message),
      )
    }
  })

  test('a table created by the JS package is used as it is; query, count and getStats read it', { skip }, async () => {
    const table = uniqueTable('ch_existing')
    await reader.command({ query: clickhouseTableSql(table) })
    await reader.insert({
      table,
      format: 'JSONEachRow',
      values: [{ id: '2b0a2f9e-4c1f-4d5e-9a55-1f0c8f3a7b21', type: 'user.banned', timestamp: '2024-01-01 00:00:00', user_id: 'old', metadata: '{"by":"admin"}', display_message: 'User banned', display_severity: 'failed' }],
    })
    await ingestAll({ client: CLICKHOUSE_URL, tableName: table, batchSize: 50 }, 30, (i) => data(i, { status: i % 5 ? 'success' : 'failed' }))
    ingest.initializeEventIngestion({ enabled: true, clientType: 'clickhouse', client: CLICKHOUSE_URL, tableName: table })
    const provider = ingest.getEventIngestionProvider()
    assert.equal(await provider.count(), 31)
    const stats = await provider.getStats()
    assert.equal(stats.total, 31)
    assert.equal(stats.failed, 1 + 6)
    assert.equal(stats.success, 24)

    const oldest = await provider.query({ sort: 'asc', limit: 1 })
    assert.equal(oldest.events[0].userId, 'old')
    assert.deepEqual(oldest.events[0].metadata, { by: 'admin' })
    assert.equal(oldest.events[0].timestamp.toISOString(), '2024-01-01T00:00:00.000Z')

    await assertPagingCovers(provider, 31)
    assert.deepEqual((await provider.query({ userId: 'user_4' })).events.map((e) => e.metadata.n), [4])
    assert.equal((await provider.query({ type: 'user.banned' })).events.length, 1)
    assert.equal((await provider.query({ since: new Date('2025-01-01'), limit: 100 })).events.length, 30)
  })

  test('an INSERT whose answer is lost is retried without duplicating its rows', { skip }, async () => {
    const table = uniqueTable('ch_lost_answer')
    const port = Number(new URL(CLICKHOUSE_URL).port)
    const proxy = await startCuttingProxy({ port, marker: 'INSERT', cuts: 2 })
    try {
      const errors = await ingestAll({ client: `http://127.0.0.1:${proxy.port}`, tableName: table, batchSize: 100, timeoutMs: 5000 }, 300)
      assert.deepEqual(errors, [])
      // One answer lost at least; two when the 300 events went as separate INSERTs (a backlog
      // may be written as one, whose retry then finds every row stored and inserts nothing).
      assert.ok(proxy.cut >= 1 && proxy.cut <= 2, `answers cut: ${proxy.cut}`)
    } finally {
      await proxy.close()
    }
    assert.deepEqual(await count(table), { rows: 300, ids: 300 })
  })

  test('ClickHouse stopped at start and started later: every event is stored once', { skip, timeout: 90_000 }, async () => {
    const table = uniqueTable('ch_late_start')
    const errors = []
    try {
      stopService('clickhouse')
      ingest.initializeEventIngestion({
        enabled: true, clientType: 'clickhouse', client: CLICKHOUSE_URL, tableName: table, batchSize: 100,
        timeoutMs: 30_000, onError: (error, events) => errors.push({ error, events }),
      })
      for (let i = 0; i < 1000; i++) await ingest.emitEvent('user.joined', data(i))
      assert.equal(await ingest.checkEventIngestionHealth(), false)
      assert.equal(ingest.getEventQueueSize(), 1000)
    } finally {
      startService('clickhouse')
    }
    while (ingest.getEventQueueSize() > 0) await new Promise((resolve) => setTimeout(resolve, 50))
    assert.equal(await ingest.checkEventIngestionHealth(), true)
    const metrics = ingest.getEventIngestionMetrics()
    await ingest.shutdownEventIngestion()
    assert.deepEqual(errors, [])
    assert.ok(metrics.retries > 0)
    assert.deepEqual(await count(table), { rows: 1000, ids: 1000 })
  })

  test('health: true against the live server, false within the timeout against a hung or closed one', { skip }, async () => {
    await assertHealthChecks(ingest, 'clickhouse', CLICKHOUSE_URL, (port) => `http://127.0.0.1:${port}`)
  })

  test('store unreachable at shutdown: shutdown returns after its timeout, onError gets every event, no password shown', { skip }, async () => {
    const secret = 'Sup3r-s3cret-pw'
    const errors = []
    ingest.initializeEventIngestion({
      enabled: true, clientType: 'clickhouse', client: `http://ada:${secret}@127.0.0.1:${await closedPort()}/analytics`,
      batchSize: 5, timeoutMs: 1000, onError: (error, events) => errors.push({ error, events }),
    })
    for (let i = 0; i < 12; i++) await ingest.emitEvent('user.joined', data(i))
    await assert.rejects(ingest.getEventIngestionProvider().count(), (error) =>
      /^ClickHouse at http:\/\/127\.0\.0\.1:\d+\/analytics: network error/.test(error.message) && !error.message.includes(secret))
    const started = Date.now()
    await ingest.shutdownEventIngestion()
    assert.ok(Date.now() - started < 4000)
    assert.deepEqual(errors.flatMap((e) => e.events.map((event) => event.metadata.n)).sort((a, b) => a - b), [...Array(12).keys()])
    for (const { error } of errors) assert.ok(!error.message.includes(secret), error.message)
    assert.throws(
      () => ingest.initializeEventIngestion({ enabled: true, clientType: 'clickhouse', client: `http://ada:${secret}@[::1/db` }),
      (error) => error instanceof TypeError && !error.message.includes(secret),
    )
  })
})
