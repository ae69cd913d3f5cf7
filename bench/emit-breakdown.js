'use strict'
// Where emitEvent's time on the JS thread goes, stage by stage, for the same event as
// bench/emit.js: each line adds one stage to the one above, with records staged as emitEvent
// stages them (STAGED_RECORDS at a time); best of several rounds. The last line is what
// crossing into Rust costs in all (a native SQLite store writes the events meanwhile, as in
// emit.js, which compares with plain JS).
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { StoreIngestion } = require('../binding')
const { checkEmission, emissionRecord, encodeRecords } = require('../lib/ingestion/emission')
const { STAGED_RECORDS } = require('../lib/ingestion/record-staging')
const { utf8 } = require('../lib/ingestion/utf8-scratch')
const { data } = require('./emit')

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000)
const ROUNDS = 7
const TYPE = 'user.logged_in'

/** Best ns per event of `perEvent` over EVENTS events, `perBatch` run on every STAGED_RECORDS results. */
function stage(perEvent, perBatch = () => {}) {
  let best = Infinity
  for (let round = 0; round < ROUNDS; round++) {
    let staged = []
    const started = process.hrtime.bigint()
    for (let i = 0; i < EVENTS; i++) {
      staged.push(perEvent())
      if (staged.length === STAGED_RECORDS) {
        perBatch(staged)
        staged = []
      }
    }
    best = Math.min(best, Number(process.hrtime.bigint() - started) / EVENTS)
  }
  return best
}

function main() {
  const file = path.join(os.tmpdir(), `auth-ingest-breakdown-${process.pid}.db`)
  const native = new StoreIngestion(
    { enabled: true, clientType: 'sqlite', client: file, batchSize: 1000, flushInterval: 3_600_000, maxQueueSize: 100_000_000 },
    () => {},
    false,
  )
  const rejected = (error) => {
    throw error
  }
  const checked = () => (checkEmission(TYPE, data), null)
  const captured = () => (checkEmission(TYPE, data), emissionRecord(TYPE, data))
  const lines = [
    ['validate arguments (checkEmission)', stage(checked)],
    ['+ capture the record (emissionRecord)', stage(captured)],
    [`+ serialize per ${STAGED_RECORDS} (encodeRecords)`, stage(captured, (records) => encodeRecords(records, rejected))],
    ['+ hand it to Rust (utf8, enqueue)', stage(captured, (records) => {
      const { encoded, count, timestampBase } = encodeRecords(records, rejected)
      const { bytes, length } = utf8(encoded)
      native.enqueue(bytes, length, count, timestampBase)
    })],
  ]
  console.log(`emitEvent's JS-thread cost by stage, ${EVENTS.toLocaleString('en-US')} events, best of ${ROUNDS} rounds:`)
  for (const [name, ns] of lines) console.log(`  ${name.padEnd(40)} ${ns.toFixed(0).padStart(5)} ns/event`)
  native.shutdown().finally(() => {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
  })
}

main()
