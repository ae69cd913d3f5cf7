'use strict'
// What Rust asks of JS: the custom provider's methods and the onEventIngest / onError hooks.
// An async function, so a user callback that throws becomes a rejection Rust can handle.
// Batches arrive as held-event payloads for a custom provider (`held`), as flat event values
// for a native store.
const { eventsFromValues } = require('./events-json')

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

function createDispatch({ provider, held, onEventIngest, onError }) {
  const eventsOf = held === null ? eventsFromValues : (payload) => held.events(payload)
  return async function dispatch(op, payload) {
    switch (op) {
      case 'ingestBatch':
        await ingestWithProvider(provider, eventsOf(JSON.parse(payload)))
        return ''
      case 'release':
        held.release(JSON.parse(payload))
        return ''
      case 'healthCheck':
        return String(typeof provider?.healthCheck === 'function' ? Boolean(await provider.healthCheck()) : true)
      case 'shutdown':
        if (typeof provider?.shutdown === 'function') await provider.shutdown()
        return ''
      case 'eventIngest':
        for (const event of eventsOf(JSON.parse(payload))) callOnEventIngest(onEventIngest, event)
        return ''
      case 'error': {
        const { message, events: encoded } = JSON.parse(payload)
        const events = eventsOf(encoded)
        const error = ingestionError(message)
        if (typeof onError !== 'function') {
          console.error(`[auth-ingest] ${events.length} event(s) could not be stored: ${message}`)
          return ''
        }
        try {
          await onError(error, events)
        } catch (failure) {
          console.error('[auth-ingest] onError failed:', failure)
        }
        return ''
      }
      default:
        throw new Error(`unknown dispatch operation ${op}`)
    }
  }
}

module.exports = { createDispatch }
