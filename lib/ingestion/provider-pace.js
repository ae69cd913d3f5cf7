'use strict'
// How callers of emitEvent wait while a custom provider is behind. The provider runs on this
// thread, so a loop of awaited emitEvent calls must let the event loop turn for it to be
// handed its batches. Rust hands them over from threads that run on CPU time the JS thread
// leaves (SCHED_IDLE, src/node/runtime.rs): a JS thread going from one setImmediate to the next
// never leaves any, and can keep them off its CPU for milliseconds while batches pile up. So
// while Rust owes JS a batch, callers wait for it to arrive (the JS thread sleeps, Rust runs),
// 1 ms at most; while the provider itself is at work, or failing (Rust waits to retry), a
// caller only lets one turn of the event loop pass.

/** The longest a caller waits for Rust to hand a batch over. */
const LONGEST_WAIT_MS = 1

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

class ProviderPace {
  constructor() {
    /** Provider (or onError) calls under way. */
    this.calls = 0
    /** The provider's last call failed: Rust retries it after a while. */
    this.failing = false
    this.arrival = null
    this.resolveArrival = null
    this.timer = null
    this.arrived = this.arrived.bind(this)
  }

  /** What a caller awaits while the provider is behind. */
  wait() {
    if (this.calls > 0 || this.failing) return nextTurn()
    if (this.arrival === null) {
      this.arrival = new Promise((resolve) => (this.resolveArrival = resolve))
      this.timer = setTimeout(this.arrived, LONGEST_WAIT_MS)
    }
    return this.arrival
  }

  /** Rust handed something over (or the wait was long enough): waiting callers go on. */
  arrived() {
    if (this.arrival === null) return
    clearTimeout(this.timer)
    this.arrival = null
    this.resolveArrival()
  }

  /** Runs `call` (the provider's, or onError), counted as under way. */
  async run(call) {
    this.calls++
    this.arrived()
    try {
      await call()
      this.failing = false
    } catch (error) {
      this.failing = true
      throw error
    } finally {
      this.calls--
    }
  }
}

/** For a native store: Rust delivers off this thread, nobody waits. */
const NO_PACE = {
  arrived() {},
  run: (call) => call(),
}

module.exports = { NO_PACE, ProviderPace }
