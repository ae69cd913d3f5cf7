'use strict'
// 100,000 events into the local ClickHouse (scripts/services.sh): emitEvent with batchSize
// 1000, timed until every row is inserted, versus @clickhouse/client inserting JSONEachRow in
// 1,000-row batches. Same run, same table layout. Build with --release first.
const { createClient } = require('@clickhouse/client')
const ingest = require('..')
const { clickhouseTableSql } = require('../__test__/helpers/js-package-tables')
const { EVENTS, BATCH, eventData, jsEvent, contest, freshTables, report } = require('./store-events')

const URL = process.env.BENCH_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123'

async function createTable(client, table) {
  await client.command({ query: clickhouseTableSql(table) })
  return table
}

async function count(client, table) {
  const result = await client.query({ query: `SELECT count() AS n FROM ${table}`, format: 'JSONEachRow' })
  return Number((await result.json())[0].n)
}

async function ours(client, table) {
  ingest.initializeEventIngestion({ enabled: true, clientType: 'clickhouse', client: URL, tableName: table, batchSize: BATCH })
  for (let i = 0; i < EVENTS; i++) await ingest.emitEvent('user.logged_in', eventData(i))
  await ingest.shutdownEventIngestion()
  return count(client, table)
}

/** The JS package's way: rows as JSON objects, one insert per batch. */
const jsRow = (event) => ({
  id: event.id,
  type: event.type,
  timestamp: Math.floor(event.timestamp.getTime() / 1000),
  status: event.status,
  user_id: event.userId,
  session_id: event.sessionId,
  organization_id: event.organizationId,
  metadata: JSON.stringify(event.metadata),
  ip_address: event.ipAddress,
  user_agent: event.userAgent,
  source: event.source,
  display_message: event.display.message,
  display_severity: event.display.severity,
})

async function clickhouseClient(client, table) {
  let rows = []
  for (let i = 0; i < EVENTS; i++) {
    rows.push(jsRow(jsEvent(i)))
    if (rows.length === BATCH) {
      await client.insert({ table, values: rows, format: 'JSONEachRow' })
      rows = []
    }
  }
  if (rows.length) await client.insert({ table, values: rows, format: 'JSONEachRow' })
  return count(client, table)
}

async function main() {
  const client = createClient({ url: URL })
  const { contestant, tables } = freshTables((table) => createTable(client, table))
  try {
    const [oursResult, jsResult] = await contest([
      contestant('auth-ingest emitEvent (RowBinary)', 'ours', (table) => ours(client, table)),
      contestant('@clickhouse/client, JSONEachRow inserts', 'js', (table) => clickhouseClient(client, table)),
    ])
    report('ClickHouse', oursResult, [jsResult])
  } finally {
    for (const table of tables) await client.command({ query: `DROP TABLE IF EXISTS ${table}` })
    await client.close()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
