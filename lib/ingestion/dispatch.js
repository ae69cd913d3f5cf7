'use strict'
// What Rust asks of JS: the custom provider's methods and the onEventIngest / onError hooks.
// An async function, so a user callback that throws becomes a rejection Rust can handle.
// Batches arrive as held-event payloads for a custom provider (`held`: once a batch is stored
// or given up on, JS lets go of its events), as flat event values for a native store.
const { DispatchOperation } = require('../native')
const { eventsFromValues } = require('./events-json')
const { NO_PACE } = require('./provider-pace')

function reportHookFailure(error) {
  console.error('[auth-ingest] onEventIngest failed:', error)
}

function callOnEventIngest(onEventIngest, event) {
  try {
    const result = onEventIngest(event)
    if (result && typeof result.then === 'function') result.then(undefined, reportHookFailure)
  } catch (error) {
    reportHookFailure(error)
  }
}

async function ingestWithProvider(provider, events) {
  if (events.length === 0) return
  if (typeof provider.ingestBatch === 'function') {
    await provider.ingestBatch(events)
    return
  }
  for (const event of events) await provider.ingest(event)
}

function ingestionError(message) {
  const error = new Error(message)
  error.name = 'EventIngestionError'
  return error
}

/** `onError(error, events)`, or without one a line on stderr. */
async function reportFailure(onError, message, events) {
  if (typeof onError !== 'function') {
    console.error(`[auth-ingest] ${events.length} event(s) could not be stored: ${message}`)
    return
  }
  try {
    await onError(ingestionError(message), events)
  } catch (failure) {
    console.error('[auth-ingest] onError failed:', failure)
  }
}

/** A native store's batches: JSON event values, built anew for each hook (Rust keeps the events). */
const NATIVE_BATCHES = { parse: JSON.parse, events: eventsFromValues, settled() {} }

/**
 * The handlers of the operations Rust dispatches (src/node/js_dispatch.rs, DispatchOperation).
 * `batches.parse(text)` reads a batch as Rust sends it, `batches.events(batch)` gives its
 * AuthEvents, `batches.settled(batch)` says Rust will not ask for them again (stored, or handed
 * to onError). `pace` hears what arrives from Rust.
 */
function operations({ provider, batches, pace, onEventIngest, onError }) {
  return {
    [DispatchOperation.IngestBatch]: async (payload) => {
      const batch = batches.parse(payload)
      await pace.run(() => ingestWithProvider(provider, batches.events(batch)))
      batches.settled(batch)
      return ''
    },
    [DispatchOperation.HealthCheck]: async () =>
      String(typeof provider?.healthCheck === 'function' ? Boolean(await provider.healthCheck()) : true),
    [DispatchOperation.Shutdown]: async () => {
      if (typeof provider?.shutdown === 'function') await provider.shutdown()
      return ''
    },
    [DispatchOperation.EventIngest]: async (payload) => {
      pace.arrived()
      for (const event of batches.events(batches.parse(payload))) callOnEventIngest(onEventIngest, event)
      return ''
    },
    [DispatchOperation.Error]: async (payload) => {
      // The message as a JSON string (no raw newline in it), a newline, the batch.
      const newline = payload.indexOf('\n')
      const message = JSON.parse(payload.slice(0, newline))
      const batch = batches.parse(payload.slice(newline + 1))
      await pace.run(() => reportFailure(onError, message, batches.events(batch)))
      batches.settled(batch)
      return ''
    },
  }
}

/** Throws unless `handlers` handles exactly the operations Rust dispatches. */
function expectEveryOperation(handlers, declared = Object.values(DispatchOperation)) {
  const handled = Object.keys(handlers).sort()
  const expected = [...declared].sort()
  if (handled.join() !== expected.join()) {
    throw new Error(`auth-ingest: lib/ handles the dispatch operations ${handled.join(', ')}, the addon sends ${expected.join(', ')}`)
  }
}

expectEveryOperation(operations({}))

function createDispatch({ provider, held, pace, onEventIngest, onError }) {
  const handlers = operations({ provider, batches: held ?? NATIVE_BATCHES, pace: pace ?? NO_PACE, onEventIngest, onError })
  return async function dispatch(op, payload) {
    const handle = handlers[op]
    if (handle === undefined) throw new Error(`unknown dispatch operation ${op}`)
    return handle(payload)
  }
}

module.exports = { createDispatch, expectEveryOperation, operations }
