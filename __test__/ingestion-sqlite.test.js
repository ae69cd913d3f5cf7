'use strict'
// The embedded SQLite store, checked by reading the database back with better-sqlite3.
const test = require('node:test')
const assert = require('node:assert/strict')
const Database = require('./helpers/better-sqlite3')
const ingest = require('..')
const { tempFile } = require('./helpers/temp')

test.afterEach(() => ingest.shutdownEventIngestion())

const EXPECTED_COLUMNS = [
  'id', 'type', 'timestamp', 'status', 'user_id', 'session_id', 'organization_id', 'metadata',
  'ip_address', 'user_agent', 'source', 'display_message', 'display_severity', 'created_at',
]

test('metadata is stored as the JSON text JSON.stringify gave it, and reads back equal', async () => {
  const file = tempFile('metadata-text.db')
  ingest.initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: file, batchSize: 2 })
  const metadata = {
    z: 'last key first', name: 'Zoë "Z" \\ O\'Brien', emoji: '🔐', control: '\u0001\n', big: 12345678901234567890,
    tiny: 1e-7, nested: { list: [1, 'two', null, { deep: [] }] }, when: new Date(0),
  }
  await ingest.emitEvent('user.joined', { metadata })
  await ingest.emitEvent('user.joined', { metadata: null })
  await ingest.shutdownEventIngestion()
  const db = new Database(file, { readonly: true })
  try {
    const rows = db.prepare('SELECT metadata, display_message FROM auth_events ORDER BY id').all()
    assert.equal(rows[0].metadata, JSON.stringify(metadata))
    assert.equal(rows[0].display_message, 'Zoë "Z" \\ O\'Brien joined!')
    assert.equal(rows[1].metadata, '{}')
  } finally {
    db.close()
  }
  ingest.initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: file })
  const { events } = await ingest.getEventIngestionProvider().query({ sort: 'asc' })
  assert.deepEqual(events.map((event) => event.metadata), [JSON.parse(JSON.stringify(metadata)), {}])
})

test('metadata larger than the buffer text is encoded into (grown, or one of its own) arrives whole', async () => {
  const file = tempFile('large-metadata.db')
  ingest.initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: file, batchSize: 3 })
  const sizes = [200_000, 2_000_000, 10]
  for (const size of sizes) await ingest.emitEvent('user.updated', { metadata: { note: 'ü€'.repeat(size / 2) } })
  await ingest.shutdownEventIngestion()
  const db = new Database(file, { readonly: true })
  try {
    const notes = db.prepare('SELECT metadata FROM auth_events ORDER BY id').all().map((row) => JSON.parse(row.metadata).note)
    assert.deepEqual(notes.map((note) => note.length), sizes)
    assert.ok(notes.every((note) => /^(ü€)+$/.test(note)))
  } finally {
    db.close()
  }
})

test('creates the SPEC table with its indexes in WAL mode and stores every field', async () => {
  const file = tempFile('layout.db')
  ingest.initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: file })
  await ingest.emitEvent('user.joined', {
    status: 'success',
    userId: 'user_1',
    sessionId: 'sess_1',
    organizationId: 'org_1',
    metadata: { email: 'ada@example.com', plan: { tier: 'pro' } },
    request: { ip: '198.51.100.7', headers: { 'user-agent': 'curl/8' } },
  })
  const db = new Database(file, { readonly: true })
  try {
    assert.deepEqual(db.pragma('table_info(auth_events)').map((c) => c.name), EXPECTED_COLUMNS)
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal')
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'auth_events' AND name LIKE 'idx_%' ORDER BY name").all()
    assert.deepEqual(indexes.map((i) => i.name), [
      'idx_auth_events_id_timestamp', 'idx_auth_events_timestamp', 'idx_auth_events_type', 'idx_auth_events_user_id',
    ])
    const row = db.prepare('SELECT * FROM auth_events').get()
    assert.equal(row.type, 'user.joined')
    assert.match(row.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    assert.equal(row.status, 'success')
    assert.equal(row.user_id, 'user_1')
    assert.equal(row.session_id, 'sess_1')
    assert.equal(row.organization_id, 'org_1')
    assert.deepEqual(JSON.parse(row.metadata), { email: 'ada@example.com', plan: { tier: 'pro' } })
    assert.equal(row.ip_address, '198.51.100.7')
    assert.equal(row.user_agent, 'curl/8')
    assert.equal(row.source, 'app')
    assert.equal(row.display_message, 'ada@example.com joined!')
    assert.equal(row.display_severity, 'success')
  } finally {
    db.close()
  }
})

test('a better-sqlite3 Database opened on a file is accepted; an existing JS-made table is used as is', async () => {
  const file = tempFile('existing.db')
  const db = new Database(file)
  db.exec(`CREATE TABLE app_events (id TEXT PRIMARY KEY, type TEXT NOT NULL, timestamp TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'success', user_id TEXT, session_id TEXT, organization_id TEXT,
    metadata TEXT DEFAULT '{}', ip_address TEXT, user_agent TEXT, source TEXT DEFAULT 'app',
    display_message TEXT, display_severity TEXT, created_at TEXT)`)
  db.prepare("INSERT INTO app_events (id, type, timestamp, status, display_message, display_severity) VALUES (?, 'user.joined', '2020-01-01T00:00:00.000Z', 'success', 'old row', 'success')")
    .run('6f1c3e2a-0000-4000-8000-000000000001')
  ingest.initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: db, tableName: 'app_events' })
  await ingest.emitEvent('user.logged_in', { status: 'failed', metadata: { name: 'Bob' } })
  const rows = db.prepare('SELECT type, display_message, display_severity FROM app_events ORDER BY timestamp').all()
  assert.deepEqual(rows, [
    { type: 'user.joined', display_message: 'old row', display_severity: 'success' },
    { type: 'user.logged_in', display_message: 'Bob failed to login', display_severity: 'failed' },
  ])
  const page = await ingest.getEventIngestionProvider().query({ sort: 'asc' })
  assert.equal(page.events[0].id, '6f1c3e2a-0000-4000-8000-000000000001')
  assert.equal(page.events[0].timestamp.toISOString(), '2020-01-01T00:00:00.000Z')
  db.close()
})

// node:sqlite exists from Node 22.5 (scripts/test-node-versions.js runs this file there too).
const nodeSqlite = process.getBuiltinModule?.('node:sqlite')

test('a node:sqlite DatabaseSync opened on a file is accepted (node-sqlite); an in-memory one is refused', { skip: !nodeSqlite && `node:sqlite needs Node 22.5 or later (this is ${process.version})` }, async () => {
  const file = tempFile('node-sqlite.db')
  const db = new nodeSqlite.DatabaseSync(file)
  ingest.initializeEventIngestion({ enabled: true, clientType: 'node-sqlite', client: db })
  await ingest.emitEvent('user.logged_in', { status: 'failed', userId: 'u1', metadata: { name: 'Bob' } })
  await ingest.shutdownEventIngestion()
  const rows = db.prepare('SELECT type, user_id, display_message FROM auth_events').all()
  assert.deepEqual(rows.map((row) => ({ ...row })), [{ type: 'user.logged_in', user_id: 'u1', display_message: 'Bob failed to login' }])
  db.close()
  const memory = new nodeSqlite.DatabaseSync(':memory:')
  assert.throws(
    () => ingest.initializeEventIngestion({ enabled: true, clientType: 'node-sqlite', client: memory }),
    (error) => error instanceof TypeError && /memory/.test(error.message),
  )
  memory.close()
})

test('an in-memory JS database is a clear error that says memory', () => {
  const db = new Database(':memory:')
  assert.throws(
    () => ingest.initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: db }),
    (error) => error instanceof TypeError && /memory/.test(error.message),
  )
  assert.equal(ingest.isEventIngestionInitialized(), false)
  db.close()
})

test('10,000 events with batchSize 500, shut down at once: 10,000 rows', async () => {
  const file = tempFile('bulk.db')
  ingest.initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: file, batchSize: 500 })
  for (let i = 0; i < 10_000; i++) ingest.emitEvent('session.created', { status: 'success', userId: `u${i % 10}` })
  await ingest.shutdownEventIngestion()
  const db = new Database(file, { readonly: true })
  assert.equal(db.prepare('SELECT COUNT(*) AS n FROM auth_events').get().n, 10_000)
  assert.equal(db.prepare('SELECT COUNT(DISTINCT id) AS n FROM auth_events').get().n, 10_000)
  db.close()
})

test('the provider object: query with offset, keyset cursor, filters and sort; count; getStats; ingest', async () => {
  const file = tempFile('query.db')
  ingest.initializeEventIngestion({ enabled: true, clientType: 'node-sqlite', client: file, batchSize: 100, flushInterval: 20 })
  for (let i = 0; i < 45; i++) {
    await ingest.emitEvent(i % 3 === 0 ? 'user.logged_out' : 'user.joined', {
      status: i % 5 === 0 ? 'failed' : 'success',
      userId: `user_${i % 4}`,
      metadata: { n: i },
    })
  }
  const provider = ingest.getEventIngestionProvider()
  for (let waited = 0; ingest.getEventQueueSize() > 0 && waited < 10_000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  assert.equal(await provider.count(), 45)

  const seen = []
  let page = await provider.query({ limit: 10 })
  for (;;) {
    seen.push(...page.events.map((e) => e.metadata.n))
    if (!page.hasMore) break
    assert.equal(typeof page.nextCursor, 'string')
    page = await provider.query({ limit: 10, after: page.nextCursor })
  }
  assert.deepEqual(seen, [...Array(45).keys()].reverse())
  assert.equal(page.nextCursor, null)

  const asc = await provider.query({ limit: 5, offset: 5, sort: 'asc' })
  assert.deepEqual(asc.events.map((e) => e.metadata.n), [5, 6, 7, 8, 9])
  const logins = await provider.query({ type: 'user.logged_out', userId: 'user_0', limit: 100 })
  assert.deepEqual(logins.events.map((e) => e.metadata.n), [36, 24, 12, 0])
  const future = await provider.query({ since: new Date(Date.now() + 60_000) })
  assert.deepEqual(future.events, [])
  const newest = (await provider.query({ limit: 1 })).events[0]
  const byEventId = await provider.query({ limit: 3, after: newest.id })
  assert.deepEqual(byEventId.events.map((e) => e.metadata.n), [43, 42, 41])

  const stats = await provider.getStats()
  assert.deepEqual(stats, { total: 45, success: 24, failed: 9, warning: 0, info: 12 })
  const [event] = (await provider.query({ limit: 1 })).events
  await provider.ingest({ ...event, id: '0190b5a0-0000-7000-8000-00000000abcd', metadata: { copied: true } })
  await provider.ingest({ ...event, id: '0190b5a0-0000-7000-8000-00000000abcd', metadata: { copied: true } })
  assert.equal(await provider.count(), 46)
  await assert.rejects(provider.query({ limit: 0 }), TypeError)
  await assert.rejects(provider.query({ after: 'not-a-cursor' }), TypeError)
  assert.equal(await ingest.checkEventIngestionHealth(), true)
})

test('provider.ingest reads events as JSON.stringify would write them; query takes since as a Date, text or millis', async () => {
  const file = tempFile('ingest-as-json.db')
  ingest.initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: file })
  const provider = ingest.getEventIngestionProvider()
  const base = {
    type: 'user.joined',
    status: 'success',
    source: 'import',
    display: { message: 'A user joined', severity: 'success' },
  }
  const metadata = {
    when: new Date(Date.UTC(2025, 5, 1)),
    gone: undefined,
    method() {},
    list: [undefined, () => 1, Number.NaN, Infinity, 2, -0],
    // Numbers JS prints in its own way (exponents with a sign, no exponent below 1e21).
    numbers: [1e21, 1e16, 2 ** 53 + 2, 1e-7, 0.000001, 1.5, -2.5e-7, 1e300, 0.1 + 0.2],
    custom: { toJSON: (key) => `custom at ${key}` },
    [Symbol('hidden')]: 'symbol keys are not JSON',
  }
  const events = [
    { ...base, id: '0190b5a0-0000-7000-8000-000000000001', timestamp: new Date('2025-06-01T10:00:00.000Z'), metadata },
    { ...base, id: '0190b5a0-0000-7000-8000-000000000002', timestamp: '2025-06-02T10:00:00.000Z', userId: null },
    { ...base, id: '0190b5a0-0000-7000-8000-000000000003', timestamp: Date.parse('2025-06-03T10:00:00.000Z'), userId: 'u3' },
  ]
  await provider.ingestBatch(events)
  await provider.ingest({ ...base, id: '0190b5a0-0000-7000-8000-000000000004', timestamp: new Date('2025-06-04T10:00:00.000Z') })

  const page = await provider.query({ sort: 'asc', limit: 10 })
  assert.deepEqual(page.events.map((event) => event.timestamp.toISOString()), [
    '2025-06-01T10:00:00.000Z', '2025-06-02T10:00:00.000Z', '2025-06-03T10:00:00.000Z', '2025-06-04T10:00:00.000Z',
  ])
  assert.deepEqual(page.events[0].metadata, JSON.parse(JSON.stringify(metadata)))
  assert.deepEqual(page.events[0].metadata, {
    when: '2025-06-01T00:00:00.000Z',
    list: [null, null, null, null, 2, 0],
    numbers: [1e21, 1e16, 2 ** 53 + 2, 1e-7, 0.000001, 1.5, -2.5e-7, 1e300, 0.1 + 0.2],
    custom: 'custom at custom',
  })
  assert.deepEqual(page.events.map((event) => [event.userId, event.source]), [[null, 'import'], [null, 'import'], ['u3', 'import'], [null, 'import']])
  assert.equal(page.hasMore, false)
  assert.equal(page.nextCursor, null)

  const since = '2025-06-02T10:00:00.000Z'
  for (const bound of [new Date(since), since, Date.parse(since)]) {
    const { events: found } = await provider.query({ since: bound, sort: 'asc' })
    assert.deepEqual(found.map((event) => event.id.slice(-1)), ['2', '3', '4'], String(bound))
  }
  const unbounded = [{ since: new Date(Number.NaN) }, { since: null, limit: null, sort: undefined }]
  for (const options of unbounded) assert.equal((await provider.query(options)).events.length, 4)
  const firstTwo = await provider.query({ sort: 'asc', limit: 2 })
  assert.deepEqual(firstTwo.events.map((event) => event.id.slice(-1)), ['1', '2'])
  assert.equal(firstTwo.hasMore, true)
  assert.equal(typeof firstTwo.nextCursor, 'string')

  await ingest.shutdownEventIngestion()
  const db = new Database(file, { readonly: true })
  try {
    const { metadata: stored } = db.prepare('SELECT metadata FROM auth_events WHERE id = ?').get(events[0].id)
    assert.equal(stored, JSON.stringify(metadata))
  } finally {
    db.close()
  }
})

test('bad input: precise TypeErrors, and nothing already queued is lost', async () => {
  const file = tempFile('bad-input.db')
  const bad = (config) => () => ingest.initializeEventIngestion({ enabled: true, ...config })
  assert.throws(bad({ clientType: 'mongodb' }), { name: 'TypeError', message: /events\.clientType must be one of 'postgres'.*got "mongodb"/ })
  assert.throws(bad({ clientType: 5 }), { name: 'TypeError', message: 'events.clientType must be a string naming where events go, got number 5' })
  assert.throws(bad({ clientType: 'sqlite', client: file, tableName: 'auth_events; DROP TABLE x' }), {
    name: 'TypeError',
    message: /events\.tableName must be an SQL identifier.*"auth_events; DROP TABLE x"/,
  })
  assert.throws(bad({ clientType: 'sqlite', client: file, batchSize: 0 }), { name: 'TypeError', message: 'events.batchSize must be an integer >= 1, got 0' })
  assert.throws(bad({ clientType: 'sqlite', client: file, batchSize: '10' }), { name: 'TypeError', message: 'events.batchSize must be a number, got "10"' })
  assert.throws(bad({ clientType: 'sqlite', client: file, retryOnError: 'no' }), { name: 'TypeError', message: 'events.retryOnError must be true or false, got "no"' })
  assert.throws(bad({ clientType: 'sqlite', client: file, tableName: 7 }), { name: 'TypeError', message: 'events.tableName must be a string, got number 7' })
  assert.throws(bad({ clientType: 'https', client: 'https://127.0.0.1:9/x', headers: 'Bearer x' }), {
    name: 'TypeError',
    message: 'events.headers must be an object of header names to string values, got "Bearer x"',
  })
  assert.throws(bad({ clientType: 'sqlite', client: 42 }), { name: 'TypeError', message: /clientType 'sqlite' must be a database file path/ })
  assert.throws(bad({ provider: { store() {} } }), { name: 'TypeError', message: /events\.provider must have an ingest/ })
  assert.throws(bad({ clientType: 'sqlite', client: file, include: 'user.joined' }), { name: 'TypeError', message: /events\.include must be an array/ })
  assert.throws(() => ingest.initializeEventIngestion(null), TypeError)
  assert.equal(ingest.isEventIngestionInitialized(), false)

  ingest.initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: file, batchSize: 10 })
  for (let i = 0; i < 5; i++) await ingest.emitEvent('user.joined', { status: 'success', metadata: { i } })
  const cycle = { a: 1 }
  cycle.self = cycle
  await assert.rejects(ingest.emitEvent(), { name: 'TypeError', message: 'emitEvent: type must be a non-empty string, got undefined' })
  await assert.rejects(ingest.emitEvent('user.joined', 'nope'), { name: 'TypeError', message: 'emitEvent: data must be an object, got "nope"' })
  await assert.rejects(ingest.emitEvent('user.joined', { status: 'ok' }), { name: 'TypeError', message: /data\.status must be 'success' or 'failed'/ })
  await assert.rejects(ingest.emitEvent('user.joined', { metadata: cycle }), { name: 'TypeError', message: /data.metadata cannot be serialized to JSON: it contains a circular reference/ })
  await assert.rejects(ingest.emitEvent('user.joined', { metadata: { big: 10n } }), { name: 'TypeError', message: /data.metadata cannot be serialized to JSON: it contains a BigInt/ })
  await assert.rejects(ingest.emitEvent('user.joined', { userId: { id: 1 } }), { name: 'TypeError', message: /data\.userId must be a string/ })
  await assert.rejects(ingest.emitEvent('user.joined', { metadata: { list: [1, { deep: 2n }] } }), { name: 'TypeError', message: /it contains a BigInt/ })
  await assert.rejects(ingest.emitEvent('user.joined', { sessionId: ['s'] }), { name: 'TypeError', message: 'emitEvent: data.sessionId must be a string, got an array' })
  await assert.rejects(ingest.emitEvent('user.joined', { organizationId: true }), { name: 'TypeError', message: /data\.organizationId must be a string, got/ })
  assert.equal(ingest.getEventQueueSize(), 5)
  await ingest.shutdownEventIngestion()
  const db = new Database(file, { readonly: true })
  assert.deepEqual(db.prepare('SELECT metadata FROM auth_events ORDER BY id').all().map((r) => JSON.parse(r.metadata).i), [0, 1, 2, 3, 4])
  db.close()
})
