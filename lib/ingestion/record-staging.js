'use strict'
// Emissions for a native store, staged as compact records until they cross into Rust
// together: one JSON.stringify and one call per run (see emission.js).
const { emissionRecord, encodeRecords } = require('./emission')
const { utf8 } = require('./utf8-scratch')

class RecordStaging {
  constructor(rejected) {
    this.rejected = rejected
    this.records = []
  }

  /** Emissions staged, not yet handed to Rust. */
  get size() {
    return this.records.length
  }

  stage(type, data) {
    this.records.push(emissionRecord(type, data))
  }

  /** Hands every staged emission to Rust; returns the last one's sequence number, or -1. */
  handOver(native) {
    const records = this.records
    this.records = []
    const { encoded, count, timestampBase } = encodeRecords(records, this.rejected)
    if (count === 0) return -1
    const { bytes, length } = utf8(encoded)
    return native.enqueue(bytes, length, count, timestampBase)
  }
}

module.exports = { RecordStaging }
