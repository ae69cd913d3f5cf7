'use strict'
// A process that ends naturally flushes what is queued and does not hang on the flush timer.
const test = require('node:test')
const assert = require('node:assert/strict')
const { execFile } = require('node:child_process')
const path = require('node:path')
const Database = require('./helpers/better-sqlite3')
const { tempFile } = require('./helpers/temp')

function runScript(file, count, batchSize) {
  const script = path.join(__dirname, 'fixtures', 'exit-script.js')
  return new Promise((resolve, reject) => {
    const started = Date.now()
    execFile(process.execPath, [script, file, String(count), String(batchSize)], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr }))
      else resolve({ elapsed: Date.now() - started, stderr })
    })
  })
}

test('a script that ends naturally loses nothing and exits although the flush interval is an hour', async () => {
  const file = tempFile('exit.db')
  const { stderr } = await runScript(file, 2_345, 1_000)
  assert.equal(stderr, '')
  const db = new Database(file, { readonly: true })
  assert.equal(db.prepare('SELECT COUNT(*) AS n FROM auth_events').get().n, 2_345)
  db.close()
})

test('an idle initialized ingestion does not keep the process alive', async () => {
  const file = tempFile('idle.db')
  const { elapsed, stderr } = await runScript(file, 0, 50)
  assert.equal(stderr, '')
  // The flush interval is an hour: exiting at all means nothing waited for it.
  assert.ok(elapsed < 10_000, `exited after ${elapsed} ms`)
})
