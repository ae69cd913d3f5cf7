'use strict'
// One initialized ingestion: the native engine plus the JS-side staging that lets emitEvent
// cross into Rust once per run of events instead of once per event (the staging says how
// many): records serialized for a native store (record-staging.js), or, for a custom
// provider, events whose data stays in JS (held-events.js).

const { isMainThread } = require('node:worker_threads')

const { awaitNative } = require('../errors')

const RESOLVED = Promise.resolve()

/**
 * When staged records cross into Rust. On the main thread, at the next turn of the event loop,
 * so a run of awaited emitEvent calls crosses together. In a worker thread, in a microtask,
 * which runs before the caller's await resumes: worker.terminate() stops JS at any point, and
 * what JS still held would be lost although its emitEvent had resolved (Rust stores what it
 * holds after the thread is gone).
 */
const scheduleHandOver = isMainThread ? setImmediate : queueMicrotask

class IngestionSession {
  /** `pace`: for a custom provider (it runs on this thread), how callers wait while it is behind. */
  constructor({ native, staging, include, exclude, pace = null }) {
    this.native = native
    this.staging = staging
    this.batchSize = native.batchSize
    this.stagedLimit = staging.handOverAt(this.batchSize)
    this.include = include
    this.exclude = exclude
    this.provider = null
    this.scheduled = false
    this.full = false
    this.pace = pace
    /**
     * Emissions a custom provider may be behind by (two batches) before callers wait for it:
     * a loop of awaited emitEvent calls would otherwise never let it have its batches.
     */
    this.keptLimit = 2 * this.batchSize
    this.pushStaged = this.pushStaged.bind(this)
  }

  accepts(type, include, exclude) {
    const kept = include ?? this.include
    const dropped = exclude ?? this.exclude
    if (kept && !kept.has(type)) return false
    return !(dropped && dropped.has(type))
  }

  /** Resolves when written (batchSize 1) or queued; waits while the queue is full. */
  emit(type, data) {
    const staging = this.staging
    staging.stage(type, data)
    if (this.batchSize === 1) {
      const hadRoom = this.native.hasRoom()
      const sequence = staging.handOver(this.native)
      if (sequence < 0) return RESOLVED
      if (hadRoom) return this.native.attempted(sequence)
      return this.native.room().then(() => this.native.attempted(sequence))
    }
    // A caller waits only when the queue was already full as it arrived.
    const wasFull = this.full
    if (staging.size >= this.stagedLimit) this.pushStaged()
    else if (!this.scheduled) {
      this.scheduled = true
      scheduleHandOver(this.pushStaged)
    }
    if (wasFull) return this.waitForRoom()
    return this.pace !== null && staging.kept >= this.keptLimit ? this.pace.wait() : RESOLVED
  }

  waitForRoom() {
    return this.native.room().then(() => {
      this.full = !this.native.hasRoom()
    })
  }

  pushStaged() {
    this.scheduled = false
    if (this.staging.size === 0) return
    this.staging.handOver(this.native)
    this.full = !this.native.hasRoom()
  }

  pending() {
    return this.staging.size + this.native.pending()
  }

  /** Writes everything accepted so far; within timeoutMs, then what is left goes to onError. */
  drain() {
    this.pushStaged()
    return this.native.drain()
  }

  shutdown() {
    this.pushStaged()
    return awaitNative(this.native.shutdown())
  }
}

module.exports = { IngestionSession, RESOLVED }
