'use strict'
// The runtime's threads run below the JS thread: SCHED_IDLE by default, nice 10 or the
// normal priority when AUTH_INGEST_THREAD_PRIORITY asks. Read back from /proc (Linux only).
const test = require('node:test')
const assert = require('node:assert/strict')
const { execFile } = require('node:child_process')
const path = require('node:path')
const Database = require('./helpers/better-sqlite3')
const { tempFile } = require('./helpers/temp')

const SCHED_OTHER = 0
const SCHED_IDLE = 5
const linuxOnly = { skip: process.platform !== 'linux' && 'thread priorities are read from /proc' }

function runtimeThreads(priority) {
  const script = path.join(__dirname, 'fixtures', 'thread-priority-script.js')
  const file = tempFile('priority.db')
  const env = { ...process.env }
  if (priority === undefined) delete env.AUTH_INGEST_THREAD_PRIORITY
  else env.AUTH_INGEST_THREAD_PRIORITY = priority
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, file], { env, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) return reject(Object.assign(error, { stderr }))
      const db = new Database(file, { readonly: true })
      const stored = db.prepare('SELECT COUNT(*) AS n FROM auth_events').get().n
      db.close()
      resolve({ threads: JSON.parse(stdout), stored, stderr })
    })
  })
}

function assertEvery(threads, expected) {
  assert.ok(threads.length >= 2, `runtime threads found: ${threads.length}`)
  for (const thread of threads) assert.deepEqual(thread, expected)
}

test('by default every runtime thread is SCHED_IDLE, and the events are written', linuxOnly, async () => {
  const { threads, stored, stderr } = await runtimeThreads(undefined)
  assertEvery(threads, { nice: 0, policy: SCHED_IDLE })
  assert.equal(stored, 100)
  assert.equal(stderr, '')
})

test('AUTH_INGEST_THREAD_PRIORITY=background runs them at nice 10', linuxOnly, async () => {
  const { threads, stored } = await runtimeThreads('background')
  assertEvery(threads, { nice: 10, policy: SCHED_OTHER })
  assert.equal(stored, 100)
})

test('AUTH_INGEST_THREAD_PRIORITY=normal leaves them as Node runs its own threads', linuxOnly, async () => {
  const { threads } = await runtimeThreads('normal')
  assertEvery(threads, { nice: 0, policy: SCHED_OTHER })
})

test('an unknown AUTH_INGEST_THREAD_PRIORITY says so once and keeps the default', linuxOnly, async () => {
  const { threads, stderr } = await runtimeThreads('realtime')
  assertEvery(threads, { nice: 0, policy: SCHED_IDLE })
  assert.match(stderr, /AUTH_INGEST_THREAD_PRIORITY="realtime" is not one of idle, background, normal; using idle/)
})
