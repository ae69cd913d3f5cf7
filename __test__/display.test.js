'use strict'
// SPEC 1.4 through the public API: every row of fixtures/oracles/event-display.json (copied from the spec's data).
const test = require('node:test')
const assert = require('node:assert/strict')
const ingest = require('..')
const { recordingProvider } = require('./helpers/recording-provider')

const oracle = require('./fixtures/oracles/event-display.json')

test('display message and severity match the oracle for every type, status and metadata shape', async () => {
  const provider = recordingProvider()
  ingest.initializeEventIngestion({ enabled: true, provider, batchSize: 100 })
  for (const row of oracle) {
    await ingest.emitEvent(row.type, { status: row.status, userId: row.userId ?? undefined, metadata: row.metadata })
  }
  await ingest.shutdownEventIngestion()
  assert.equal(provider.events.length, oracle.length)
  const mismatches = oracle.filter((row, index) => {
    const { display } = provider.events[index]
    return display.message !== row.message || display.severity !== row.severity
  })
  assert.deepEqual(mismatches, [])
})

test('an unknown type is stored with its type as the message and a generic severity', async () => {
  const provider = recordingProvider()
  ingest.initializeEventIngestion({ enabled: true, provider })
  await ingest.emitEvent('billing.card_added', { status: 'success' })
  await ingest.emitEvent('billing.card_removed', { status: 'failed' })
  await ingest.shutdownEventIngestion()
  assert.deepEqual(provider.events.map((e) => e.display), [
    { message: 'billing.card_added', severity: 'success' },
    { message: 'billing.card_removed', severity: 'failed' },
  ])
})
