'use strict'
// Events and the application's own data in one SQLite file, open in the same process through
// the application's better-sqlite3 (or node:sqlite) and through our copy of SQLite. Verdicts
// are read back from the file afterwards.
const test = require('node:test')
const assert = require('node:assert/strict')
const { spawn } = require('node:child_process')
const path = require('node:path')
const Database = require('./helpers/better-sqlite3')
const { nodeBinary } = require('../scripts/node-binary')
const { tempFile } = require('./helpers/temp')

const APP = path.join(__dirname, 'fixtures', 'shared-file-app.js')
const ci = process.env.CI === 'true'

/** Runs the application script; resolves with its stdout once it exits (or is killed). */
function runApplication(node, args, { env = {}, killAfter } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['--no-warnings', APP, ...args], { env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = killAfter && setTimeout(() => child.kill('SIGKILL'), killAfter)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (code === 0 || (killAfter && signal === 'SIGKILL')) resolve({ stdout, signal })
      else reject(new Error(`the application exited with ${code ?? signal}: ${stderr}`))
    })
  })
}

/** What the file holds, read by a fresh connection after every writer has gone. */
function readBack(file) {
  const db = new Database(file, { readonly: true })
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      rows: db.prepare('SELECT id FROM app_rows').pluck().all(),
      events: db.prepare('SELECT COUNT(*) FROM auth_events').pluck().get(),
      users: new Set(db.prepare('SELECT user_id FROM auth_events').pluck().all()),
    }
  } finally {
    db.close()
  }
}

function assertNothingLost(file, reports) {
  const stored = readBack(file)
  assert.equal(stored.integrity, 'ok')
  for (const report of reports) {
    assert.deepEqual(report.failures, [], 'every application write succeeded')
    assert.deepEqual(report.staleReads, [], 'a new connection sees every event already stored')
    assert.equal(report.walGone, 0, 'closing a connection never removed the WAL in use')
    assert.ok(report.reads > 5 || reports.length > 1, `the application opened and closed connections (${report.reads})`)
  }
  const committed = reports.reduce((sum, report) => sum + report.committed, 0)
  const accepted = reports.reduce((sum, report) => sum + report.accepted, 0)
  assert.ok(committed > 500 && accepted > 5_000, `real work was done: ${committed} rows, ${accepted} events`)
  assert.equal(stored.rows.length, committed, 'every committed application row is there')
  assert.equal(stored.events, accepted, 'every accepted event is stored')
}

for (const form of ['object', 'path']) {
  test(`better-sqlite3 in the same process, client as ${form}: no write lost or failed, file intact`, async () => {
    const file = tempFile(`shared-${form}.db`)
    const { stdout } = await runApplication(process.execPath, ['better-sqlite3', form, file, '3000'])
    assertNothingLost(file, [JSON.parse(stdout)])
  })
}

test('node:sqlite (Node 22) in the same process, client as DatabaseSync and as path: nothing lost', async (t) => {
  let node22
  try {
    node22 = nodeBinary(22)
  } catch (error) {
    if (ci) throw error
    t.skip(`no Node 22 binary: ${error.message}`)
    return
  }
  for (const form of ['object', 'path']) {
    const file = tempFile(`node-sqlite-${form}.db`)
    const { stdout } = await runApplication(node22, ['node:sqlite', form, file, '3000'])
    assertNothingLost(file, [JSON.parse(stdout)])
  }
})

test('several processes (cluster workers) on one file, each with its own better-sqlite3 too', async () => {
  const file = tempFile('shared-cluster.db')
  // The table exists before the workers race to create it.
  new Database(file).exec('CREATE TABLE app_rows (id INTEGER PRIMARY KEY, value TEXT NOT NULL)').close()
  const runs = ['1', '2', '3'].map((worker) =>
    runApplication(process.execPath, ['better-sqlite3', 'path', file, '3000'], { env: { WORKER: worker } }),
  )
  const reports = (await Promise.all(runs)).map(({ stdout }) => JSON.parse(stdout))
  assertNothingLost(file, reports)
})

test('kill -9 in the middle of ingestion: file intact, every committed row and resolved event there', async () => {
  for (const form of ['object', 'path']) {
    const file = tempFile(`shared-crash-${form}.db`)
    const { stdout, signal } = await runApplication(process.execPath, ['better-sqlite3', form, file, '60000', 'crash'], {
      killAfter: 2_000,
    })
    assert.equal(signal, 'SIGKILL')
    const lines = stdout.split('\n').filter((line) => line.endsWith('\n') || line.length > 0)
    // The last line may have been cut by the kill: only whole lines count.
    const whole = stdout.endsWith('\n') ? lines : lines.slice(0, -1)
    const committed = whole.filter((line) => line.startsWith('rows ')).map((line) => line.split(' ').slice(1).map(Number))
    const resolved = whole.filter((line) => line.startsWith('event ')).map((line) => line.slice('event '.length))
    assert.ok(committed.length > 50 && resolved.length > 50, `work was under way: ${committed.length} commits, ${resolved.length} events`)
    const stored = readBack(file)
    assert.equal(stored.integrity, 'ok')
    const rows = new Set(stored.rows)
    for (const [first, last] of committed) for (let id = first; id <= last; id++) assert.ok(rows.has(id), `row ${id}`)
    for (const user of resolved) assert.ok(stored.users.has(user), `event of ${user}`)
  }
})
