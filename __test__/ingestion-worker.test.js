'use strict'
// Events accepted in a worker thread are stored although the thread ends: on its own or by
// worker.terminate(), while the process goes on.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { once } = require('node:events')
const { Worker } = require('node:worker_threads')
const Database = require('./helpers/better-sqlite3')
const { tempFile } = require('./helpers/temp')

const WORKER = path.join(__dirname, 'fixtures', 'emitting-worker.js')

function storedCount(file) {
  if (!fs.existsSync(file)) return 0
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare('SELECT COUNT(*) FROM auth_events').pluck().get()
  } catch {
    return 0
  } finally {
    db.close()
  }
}

/** Polls until `count` rows are there (the store finishes after the thread is gone). */
async function eventuallyStored(file, count, withinMs = 10_000) {
  const deadline = Date.now() + withinMs
  let stored = 0
  while (Date.now() < deadline) {
    stored = storedCount(file)
    if (stored === count) return stored
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return stored
}

for (const batchSize of [1, 50, 1000]) {
  test(`worker.terminate() right after its emitEvent calls resolved loses none of them (batchSize ${batchSize})`, async () => {
    const file = tempFile(`terminated-${batchSize}.db`)
    const worker = new Worker(WORKER, { workerData: { file, count: 120, batchSize, then: 'wait' } })
    await once(worker, 'message')
    await worker.terminate()
    assert.equal(await eventuallyStored(file, 120), 120)
  })
}

test('a worker that ends on its own, without shutdown, loses nothing', async () => {
  const file = tempFile('worker-ends.db')
  const worker = new Worker(WORKER, { workerData: { file, count: 120, batchSize: 50, then: 'end' } })
  const [code] = await once(worker, 'exit')
  assert.equal(code, 0)
  assert.equal(await eventuallyStored(file, 120), 120)
})
