'use strict'
// A run killed in the middle of a batch and started again: no log is skipped, and only the
// batch that was never accepted is handed a second time.
const assert = require('node:assert/strict')
const { execFile } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { test } = require('node:test')

const { fakeAuth0 } = require('./fake-auth0/harness')

function runChild(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(__dirname, 'fake-auth0', 'processor-child.js'), ...args], (error, stdout) => {
      resolve({ signal: error?.signal ?? null, stdout })
    })
  })
}

test('killed mid-run and restarted: every log accepted exactly once', async (t) => {
  const server = await fakeAuth0(t, { count: 95 })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth0-restart-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  const storagePath = path.join(dir, 'storage.json')
  const handedPath = path.join(dir, 'handed.jsonl')

  const killed = await runChild([server.domain, storagePath, handedPath, '4'])
  assert.equal(killed.signal, 'SIGKILL')
  assert.equal(JSON.parse(fs.readFileSync(storagePath, 'utf8')).checkpointId, server.logs[29]._id)

  const restarted = await runChild([server.domain, storagePath, handedPath, '0'])
  assert.deepEqual(JSON.parse(restarted.stdout), { checkpoint: server.logs[94]._id, error: null })

  const handed = fs.readFileSync(handedPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line))
  const [firstPid] = handed.map((batch) => batch.pid)
  const first = handed.filter((batch) => batch.pid === firstPid)
  const second = handed.filter((batch) => batch.pid !== firstPid)
  assert.equal(first.length, 4)
  // The killed batch (never accepted) comes again first; everything else exactly once.
  assert.deepEqual(second[0].ids, first[3].ids)
  const accepted = [...first.slice(0, 3), ...second].flatMap((batch) => batch.ids)
  assert.deepEqual(accepted, server.logs.map((log) => log._id))
})
