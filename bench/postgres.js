'use strict'
// 100,000 events into the local PostgreSQL (scripts/services.sh): emitEvent with batchSize
// 1000, timed until every row is committed, versus `pg` with multi-row parameterized INSERTs
// of 1,000 rows, and versus `psql \copy` of the same rows from a CSV file (the server's own
// pace for text COPY). Same run, same table layout. Build with --release first.
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { Pool } = require('pg')
const ingest = require('..')
const { postgresTableSql } = require('../__test__/helpers/js-package-tables')
const { EVENTS, BATCH, eventData, jsEvent, contest, freshTables, report } = require('./store-events')

const URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const COLUMNS = ['id', 'type', 'timestamp', 'status', 'user_id', 'session_id', 'organization_id', 'metadata',
  'ip_address', 'user_agent', 'source', 'display_message', 'display_severity']

async function createTable(pool, table) {
  await pool.query(postgresTableSql(table))
  return table
}

const count = async (pool, table) => Number((await pool.query(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0].n)

const row = (event) => [event.id, event.type, event.timestamp, event.status, event.userId, event.sessionId,
  event.organizationId, event.metadata, event.ipAddress, event.userAgent, event.source, event.display.message,
  event.display.severity]

async function ours(pool, table) {
  ingest.initializeEventIngestion({ enabled: true, clientType: 'postgres', client: URL, tableName: table, batchSize: BATCH })
  for (let i = 0; i < EVENTS; i++) await ingest.emitEvent('user.logged_in', eventData(i))
  await ingest.shutdownEventIngestion()
  return count(pool, table)
}

async function pgMultiRowInsert(pool, table) {
  const placeholders = (rows) =>
    rows.map((_, r) => `(${COLUMNS.map((_, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`).join(', ')
  const fullBatch = placeholders(Array(BATCH).fill(0))
  let rows = []
  const flush = async () => {
    const values = rows.flatMap(row)
    const sql = `INSERT INTO ${table} (${COLUMNS.join(', ')}) VALUES ${rows.length === BATCH ? fullBatch : placeholders(rows)} ON CONFLICT (id) DO NOTHING`
    await pool.query(sql, values)
    rows = []
  }
  for (let i = 0; i < EVENTS; i++) {
    rows.push(jsEvent(i))
    if (rows.length === BATCH) await flush()
  }
  if (rows.length) await flush()
  return count(pool, table)
}

function csvField(value) {
  if (value === null || value === undefined) return ''
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value)
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

async function psqlCopy(pool, table, file) {
  execFileSync('psql', [URL, '-q', '-c', `\\copy ${table} (${COLUMNS.join(', ')}) FROM '${file}' CSV`])
  return count(pool, table)
}

async function main() {
  const pool = new Pool({ connectionString: URL, max: 1 })
  const csv = path.join(os.tmpdir(), `auth-ingest-bench-${process.pid}.csv`)
  const { contestant, tables } = freshTables((table) => createTable(pool, table))
  try {
    fs.writeFileSync(csv, Array.from({ length: EVENTS }, (_, i) => row(jsEvent(i)).map(csvField).join(',')).join('\n'))
    const [oursResult, pgResult, copyResult] = await contest([
      contestant('auth-ingest emitEvent (binary COPY)', 'ours', (table) => ours(pool, table)),
      contestant('pg, multi-row INSERT of 1,000 rows', 'pg', (table) => pgMultiRowInsert(pool, table)),
      contestant('psql \\copy from CSV (rows prepared)', 'copy', (table) => psqlCopy(pool, table, csv)),
    ])
    report('PostgreSQL', oursResult, [pgResult, copyResult])
  } finally {
    fs.rmSync(csv, { force: true })
    for (const table of tables) await pool.query(`DROP TABLE IF EXISTS ${table}`)
    await pool.end()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
