'use strict'
// A custom JS provider's events never leave JS (see src/events/held.rs). Each emission is
// kept here, in columns indexed by its sequence number; Rust gets only what it needs for an
// id and a display, and queues, batches and retries by sequence number. When Rust hands a
// batch back, the kept emissions become AuthEvent objects (built once, so onEventIngest, a
// retry and onError see the very objects the provider got, as upstream); when Rust says a
// batch is settled, they are let go.
//
// Columns rather than an array per emission: nothing is allocated per event, so holding
// events while JS is busy costs the garbage collector little (~0.06-0.09 µs per event less
// than arrays in a loop that never yields).
const { displayRules } = require('../native')
const { requestIp, requestUserAgent, text } = require('./emission')
const { utf8 } = require('./utf8-scratch')
const { expectLayout, SEVERITY_BY_LETTER } = require('./wire-layouts')

/** Known types, numbered as Rust numbers them, with the metadata keys their display reads. */
const RULES = new Map(displayRules().map(({ eventType, keys }, index) => [eventType, { index, keys }]))
const MOST_KEYS = Math.max(...[...RULES.values()].map(({ keys }) => keys.length))
/** The order `events` destructures a batch payload in, which must be Rust's `heldPayload` layout. */
expectLayout('heldPayload', ['runs', 'ids', 'severities', 'messages', 'lengths'])
const ID_LENGTH = 36
/** Emissions the columns hold before they first grow (a power of two; they double). */
const FIRST_CAPACITY = 4096

/** Reused between calls: JS runs one at a time and Rust copies what it is given. */
let numbers = new Int32Array(4096)

const identifier = (value) => text(value) ?? null

/** The columns holding references, in the order `allocate` makes them. */
const COLUMNS = ['types', 'statuses', 'userIds', 'sessionIds', 'organizationIds', 'metadatas', 'ips', 'userAgents', 'built']

/**
 * A metadata value as display text, the rule of `Scalar::display_text` (src/events/metadata.rs)
 * applied before values cross: a non-empty string, or a finite number as JS prints it (its JSON
 * text, which Rust uses for a native store's events).
 */
const displayText = (value) =>
  typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : ''

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
    const { numberCount, text, timestampBase } = this.encode(first, this.next)
    const { bytes, length } = utf8(text)
    const last = native.enqueue(numbers, numberCount, bytes, length, count, timestampBase)
    if (last < 0) this.release([first, count])
    else if (last !== this.next - 1) throw new Error(`auth-ingest: held events out of step (${last}, not ${this.next - 1})`)
    return last
  }

  /**
   * What Rust needs of emissions `from` to `to` (src/events/held.rs): numbers, and the strings
   * among them back to back in one text. A fraction of the cost of JSON.stringify, which
   * spends ~40 ns on every string.
   */
  encode(from, to) {
    const most = (to - from) * (4 + MOST_KEYS)
    if (numbers.length < most) numbers = new Int32Array(most * 2)
    const timestampBase = this.timestamps[from & this.mask]
    let count = 0
    let text = ''
    for (let sequence = from; sequence < to; sequence++) {
      const at = sequence & this.mask
      const type = this.types[at]
      const rule = RULES.get(type)
      if (rule === undefined) {
        numbers[count++] = -1
        numbers[count++] = type.length
        text += type
      } else numbers[count++] = rule.index
      numbers[count++] = this.statuses[at] === 'failed' ? 1 : 0
      numbers[count++] = this.timestamps[at] - timestampBase
      if (rule === undefined) continue
      const metadata = this.metadatas[at]
      for (const key of rule.keys) {
        const printed = metadata == null ? '' : displayText(metadata[key])
        numbers[count++] = printed.length === 0 ? -1 : printed.length
        text += printed
      }
    }
    return { numberCount: count, text, timestampBase }
  }

  /** The AuthEvents of a batch Rust sent (src/node/held_payload.rs). */
  events([runs, ids, severities, messages, lengths]) {
    const events = []
    let offset = 0
    for (let run = 0; run < runs.length; run += 2) {
      const end = runs[run] + runs[run + 1]
      for (let sequence = runs[run]; sequence < end; sequence++) {
        const index = events.length
        const message = messages.slice(offset, (offset += lengths[index]))
        events.push(this.event(sequence, ids.slice(index * ID_LENGTH, (index + 1) * ID_LENGTH), message, severities[index]))
      }
    }
    return events
  }

  event(sequence, id, message, severity) {
    const at = sequence & this.mask
    if (sequence < this.oldest || sequence >= this.staged || this.types[at] === undefined) {
      throw new Error(`auth-ingest: held event ${sequence} is not kept`)
    }
    return (this.built[at] ??= {
      id,
      type: this.types[at],
      timestamp: new Date(this.timestamps[at]),
      status: this.statuses[at] ?? 'success',
      userId: identifier(this.userIds[at]),
      sessionId: identifier(this.sessionIds[at]),
      organizationId: identifier(this.organizationIds[at]),
      metadata: this.metadatas[at] ?? {},
      ipAddress: this.ips[at] ?? null,
      userAgent: this.userAgents[at] ?? null,
      source: 'app',
      display: { message, severity: SEVERITY_BY_LETTER[severity] },
    })
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
