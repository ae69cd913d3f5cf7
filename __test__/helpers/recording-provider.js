'use strict'
// A custom JS provider (the `provider` option users write) that keeps what it receives.

function recordingProvider({ failWhen, batch = true } = {}) {
  const provider = {
    batches: [],
    events: [],
    calls: 0,
    shutdowns: 0,
    async ingest(event) {
      provider.calls += 1
      if (failWhen && failWhen([event], provider)) throw new Error('provider refused the event')
      provider.batches.push([event])
      provider.events.push(event)
    },
    async shutdown() {
      provider.shutdowns += 1
    },
    async healthCheck() {
      return true
    },
  }
  if (batch) {
    provider.ingestBatch = async (events) => {
      provider.calls += 1
      if (failWhen && failWhen(events, provider)) throw new Error('provider refused the batch')
      provider.batches.push(events)
      provider.events.push(...events)
    }
  }
  return provider
}

module.exports = { recordingProvider }
