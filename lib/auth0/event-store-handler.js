'use strict'
// Auth0 logs into the event store (SPEC 2.5): a LogsProcessor handler that writes each batch
// as auth events through the event-ingestion provider. Event ids derive from the logs' `_id`,
// so a batch stored twice (a retried or re-run batch) leaves one row per log. The handler
// resolves once the batch is stored, so the processor's checkpoint never passes unstored logs.
const { auth0LogsToEvents } = require('../native')
const { getEventIngestionProvider } = require('../ingestion')
const { parseEvents } = require('../ingestion/events-json')
const { callNative, codedError } = require('../errors')

/** `options.provider`: where to write (default: the initialized event ingestion's provider). */
function createEventStoreHandler(options = {}) {
  return async function storeAuth0Logs(logs) {
    const provider = options.provider ?? getEventIngestionProvider()
    if (!provider) {
      throw codedError('not_initialized', 'Event ingestion is not initialized: call initializeEventIngestion() first, or pass { provider }')
    }
    const events = parseEvents(callNative(() => auth0LogsToEvents(JSON.stringify(logs))))
    if (events.length === 0) return
    if (typeof provider.ingestBatch === 'function') await provider.ingestBatch(events)
    else for (const event of events) await provider.ingest(event)
  }
}

module.exports = { createEventStoreHandler }
