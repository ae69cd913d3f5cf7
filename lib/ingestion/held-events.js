'use strict'
// A custom JS provider's events never leave JS (see src/events/held.rs). Each emission is
// kept here, in columns indexed by its sequence number; Rust gets only its time, and queues,
// batches, retries and gives ids by sequence number. When Rust hands a batch back, the kept
// emissions become AuthEvent objects (built once, so onEventIngest, a retry and onError see the
// very objects the provider got, as upstream); once the provider has stored a batch, or onError
// has had it, they are let go at once (held longer, they would outlive the young generation).
//
// Columns rather than an array per emission: nothing is allocated per event, so holding
// events while JS is busy costs the garbage collector little (~0.06-0.09 µs per event less
// than arrays in a loop that never yields).
const { displayOf } = require('./display-templates')
const { requestIp, requestUserAgent, text } = require('./emission')
const { expectLayout } = require('./wire-layouts')

/** The order `parse` reads a batch payload's parts in, which must be Rust's `heldPayload` layout. */
expectLayout('heldPayload', ['runs', 'ids'])
const ID_LENGTH = 36
/** Emissions the columns hold before they first grow (a power of two; they double). */
const FIRST_CAPACITY = 4096

const identifier = (value) => text(value) ?? null

/** The columns holding references, in the order `allocate` makes them. */
const COLUMNS = ['types', 'statuses', 'userIds', 'sessionIds', 'organizationIds', 'metadatas', 'ips', 'userAgents', 'built']

class HeldEvents {
  constructor() {
    this.allocate(FIRST_CAPACITY)
    /** The lowest sequence number not yet let go of. */
    this.oldest = 1
    /** The first sequence number not yet handed to Rust. */
    this.staged = 1
    /** The sequence number the next emission gets (Rust numbers from 1, as JS hands over). */
    this.next = 1
  }

  /** Fresh columns; `built` holds the AuthEvent once made. */
  allocate(capacity) {
    this.mask = capacity - 1
    this.columns = COLUMNS.map(() => new Array(capacity).fill(undefined))
    ;[this.types, this.statuses, this.userIds, this.sessionIds, this.organizationIds, this.metadatas, this.ips, this.userAgents, this.built] =
      this.columns
    this.timestamps = new Float64Array(capacity)
  }

  /**
   * A whole batch is handed over at once: only times cross (no text to keep young), and each
   * hand-over wakes the runtime's threads.
   */
  handOverAt(batchSize) {
    return batchSize
  }

  /** Emissions not yet let go of: staged, queued in Rust or being delivered. */
  get kept() {
    return this.next - this.oldest
  }

  /** Emissions staged, not yet handed to Rust. */
  get size() {
    return this.next - this.staged
  }

  stage(type, data) {
    if (this.next - this.oldest > this.mask) this.grow()
    const at = this.next & this.mask
    const request = data.request
    this.types[at] = type
    this.statuses[at] = data.status
    this.userIds[at] = data.userId
    this.sessionIds[at] = data.sessionId
    this.organizationIds[at] = data.organizationId
    this.metadatas[at] = data.metadata
    this.ips[at] = requestIp(request)
    this.userAgents[at] = requestUserAgent(request)
    this.timestamps[at] = Date.now()
    this.next++
  }

  grow() {
    const { mask, columns, timestamps } = this
    this.allocate((mask + 1) * 2)
    for (let sequence = this.oldest; sequence < this.next; sequence++) {
      const from = sequence & mask
      const to = sequence & this.mask
      columns.forEach((column, index) => (this.columns[index][to] = column[from]))
      this.timestamps[to] = timestamps[from]
    }
  }

  /** Hands every staged emission to Rust; returns the last one's sequence number, or -1. */
  handOver(native) {
    const first = this.staged
    const count = this.next - first
    this.staged = this.next
    const last = native.enqueue(this.timestamps, first & this.mask, count)
    if (last < 0) this.release([first, count])
    else if (last !== this.next - 1) throw new Error(`auth-ingest: held events out of step (${last}, not ${this.next - 1})`)
    return last
  }

  /**
   * A batch as Rust sends it (src/node/held_payload.rs): its runs of sequence numbers as JSON on
   * the first line, then the ids, sliced out of `text` as they are needed.
   */
  parse(text) {
    const newline = text.indexOf('\n')
    return { runs: JSON.parse(text.slice(0, newline)), text, idsFrom: newline + 1 }
  }

  /**
   * The AuthEvents of a parsed batch, but for those already let go of: a provider that answered
   * after Rust stopped waiting (`timeoutMs`) did store them.
   */
  events({ runs, text, idsFrom }) {
    const events = []
    let idFrom = idsFrom
    for (let run = 0; run < runs.length; run += 2) {
      const end = runs[run] + runs[run + 1]
      for (let sequence = runs[run]; sequence < end; sequence++, idFrom += ID_LENGTH) {
        const event = this.event(sequence, text, idFrom)
        if (event !== undefined) events.push(event)
      }
    }
    return events
  }

  /** The AuthEvent of `sequence`, its id in `text` at `idFrom`; undefined once let go of. */
  event(sequence, text, idFrom) {
    if (sequence >= this.staged) throw new Error(`auth-ingest: held event ${sequence} was never handed over`)
    const at = sequence & this.mask
    if (sequence < this.oldest || this.types[at] === undefined) return undefined
    return (this.built[at] ??= this.build(at, text.slice(idFrom, idFrom + ID_LENGTH)))
  }

  build(at, id) {
    const type = this.types[at]
    const status = this.statuses[at] ?? 'success'
    const metadata = this.metadatas[at]
    return {
      id,
      type,
      timestamp: new Date(this.timestamps[at]),
      status,
      userId: identifier(this.userIds[at]),
      sessionId: identifier(this.sessionIds[at]),
      organizationId: identifier(this.organizationIds[at]),
      metadata: metadata ?? {},
      ipAddress: this.ips[at] ?? null,
      userAgent: this.userAgents[at] ?? null,
      source: 'app',
      display: displayOf(type, status, metadata),
    }
  }

  /** Lets go of a batch's emissions: stored, or handed to onError. */
  settled({ runs }) {
    this.release(runs)
  }

  /** Lets go of the emissions of `runs` (first, count pairs): Rust will not ask for them again. */
  release(runs) {
    for (let run = 0; run < runs.length; run += 2) {
      const first = Math.max(runs[run], this.oldest)
      const end = runs[run] + runs[run + 1]
      if (first >= end) continue
      // At most two stretches of slots: the columns are a ring.
      const from = first & this.mask
      const to = from + (end - first)
      for (const column of this.columns) {
        column.fill(undefined, from, Math.min(to, column.length))
        if (to > column.length) column.fill(undefined, 0, to - column.length)
      }
    }
    while (this.oldest < this.staged && this.types[this.oldest & this.mask] === undefined) this.oldest++
  }
}

module.exports = { HeldEvents }
