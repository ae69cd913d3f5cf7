'use strict'
// A LogsProcessor run in its own process, for the kill-and-restart test:
//   node processor-child.js <domain> <storage.json> <handed.jsonl> <killAtBatch|0>
// The storage context is a JSON file; every batch handed to the handler is appended to
// handed.jsonl; at batch number killAtBatch the process kills itself inside the handler.
const fs = require('node:fs')
const { LogsProcessor } = require('../..')

const [domain, storagePath, handedPath, killAt] = process.argv.slice(2)
const storage = {
  async read() {
    return fs.existsSync(storagePath) ? JSON.parse(fs.readFileSync(storagePath, 'utf8')) : {}
  },
  async write(data) {
    fs.writeFileSync(`${storagePath}.tmp`, JSON.stringify(data))
    fs.renameSync(`${storagePath}.tmp`, storagePath)
  },
}
let batches = 0
const processor = new LogsProcessor(storage, { domain, clientId: 'test-client', clientSecret: 'test-secret', batchSize: 10 })
processor
  .run(async (logs) => {
    batches++
    fs.appendFileSync(handedPath, `${JSON.stringify({ pid: process.pid, ids: logs.map((log) => log._id) })}\n`)
    if (batches === Number(killAt)) process.kill(process.pid, 'SIGKILL')
  })
  .then((result) => process.stdout.write(JSON.stringify({ checkpoint: result.checkpoint, error: result.status.error?.message ?? null })))
