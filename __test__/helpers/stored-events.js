'use strict'
// Reading back what the plugin recorded, from the store itself, and asserting on it.
const assert = require('node:assert/strict')
const { getEventIngestionProvider, getEventQueueSize } = require('../..')

/** Every stored event, oldest first, once nothing is pending (waits up to `timeoutMs`). */
async function storedEvents({ timeoutMs = 5000 } = {}) {
  const deadline = Date.now() + timeoutMs
  while (getEventQueueSize() > 0) {
    if (Date.now() > deadline) throw new Error(`${getEventQueueSize()} events still pending after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const provider = getEventIngestionProvider()
  const events = []
  let cursor
  do {
    const page = await provider.query({ limit: 1000, sort: 'asc', after: cursor })
    events.push(...page.events)
    cursor = page.nextCursor
  } while (cursor)
  return events
}

/**
 * Asserts one stored event: its type, status, ids (null when `undefined` is expected),
 * that its metadata holds `metadata`, its display message, IP and user agent.
 */
function assertEvent(event, expected) {
  assert.ok(event, `expected a ${expected.type} event`)
  assert.equal(event.type, expected.type)
  assert.equal(event.status, expected.status ?? 'success', `${expected.type} status`)
  for (const field of ['userId', 'sessionId', 'organizationId']) {
    if (field in expected) assert.equal(event[field] ?? undefined, expected[field], `${expected.type} ${field}`)
  }
  for (const [key, value] of Object.entries(expected.metadata ?? {})) {
    assert.deepEqual(event.metadata[key], value, `${expected.type} metadata.${key}`)
  }
  if ('message' in expected) assert.equal(event.display.message, expected.message)
  if ('ipAddress' in expected)
    assert.equal(event.ipAddress ?? undefined, expected.ipAddress, `${expected.type} ipAddress`)
  if ('userAgent' in expected)
    assert.equal(event.userAgent ?? undefined, expected.userAgent, `${expected.type} userAgent`)
  assert.equal(event.source, 'app')
}

/** No stored event carries any of `secrets` anywhere in it. */
function assertNoSecrets(events, secrets) {
  const text = JSON.stringify(events)
  for (const secret of secrets.filter(Boolean))
    assert.ok(!text.includes(secret), `a stored event carries the secret ${secret.slice(0, 6)}…`)
}

module.exports = { storedEvents, assertEvent, assertNoSecrets }
