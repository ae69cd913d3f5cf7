'use strict'
// SPEC 1.4 through the public API: every row of fixtures/oracles/event-display.json (copied from the spec's data).
const test = require('node:test')
const assert = require('node:assert/strict')
const ingest = require('..')
const { recordingProvider } = require('./helpers/recording-provider')
const { tempFile } = require('./helpers/temp')

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

test('a metadata value reads as the same display text whether JS or Rust applies the rule', async () => {
  // A custom provider's display values are made text in JS (held-events.js); a native store's
  // in Rust, from the metadata's JSON text (src/events/metadata.rs).
  const values = ['Zoë 😀', '', ' ', 42.5, -0, 1e21, 1e-7, 0.1 + 0.2, -12, Number.NaN, Infinity, null, true, false, { first: 'A' }, ['A'], undefined]
  // {creator} is the first word of the name: words end at Unicode White_Space, as Rust's
  // split_whitespace has it (U+0085 is one, U+FEFF is not, unlike JS's \s).
  const creators = ['Ada Lovelace', '\u0085Ada\u0085Lovelace', 'Ada\ufeffLovelace', '\u3000\u2028', '\tAda\u00a0B', 'Ada\u200bB', 12.5]
  const emitAll = async () => {
    for (const name of values) await ingest.emitEvent('user.joined', { metadata: { name, email: 'fallback@x' } })
    for (const name of creators) await ingest.emitEvent('organization.created', { metadata: { organizationName: 7, name } })
  }
  const provider = recordingProvider()
  ingest.initializeEventIngestion({ enabled: true, provider, batchSize: 100 })
  await emitAll()
  await ingest.shutdownEventIngestion()
  const file = tempFile('display-rule.db')
  ingest.initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: file, batchSize: 1 })
  await emitAll()
  const { events } = await ingest.getEventIngestionProvider().query({ sort: 'asc', limit: 100 })
  await ingest.shutdownEventIngestion()
  const messages = (list) => list.map((event) => event.display.message)
  assert.deepEqual(messages(provider.events), messages(events))
  assert.deepEqual(messages(provider.events).slice(0, 9), [
    'Zoë 😀 joined!', 'fallback@x joined!', '  joined!', '42.5 joined!', '0 joined!', '1e+21 joined!', '1e-7 joined!', '0.30000000000000004 joined!', '-12 joined!',
  ])
  assert.deepEqual(messages(provider.events).slice(-creators.length), [
    'New organization "7" created by Ada',
    'New organization "7" created by Ada',
    'New organization "7" created by Ada\ufeffLovelace',
    'New organization "7" created',
    'New organization "7" created by Ada',
    'New organization "7" created by Ada\u200bB',
    'New organization "7" created by 12.5',
  ])
})
