'use strict'
// Events as they cross from Rust (src/node/event_values.rs): one flat JSON array, thirteen
// values per event, the timestamp in epoch milliseconds. JS users get AuthEvent objects with
// a Date. Flat values parse in about half the time of objects with ISO strings.

const { expectLayout } = require('./wire-layouts')

/** The order `eventsFromValues` reads, which must be Rust's `eventValues` layout. */
const VALUE_FIELDS = [
  'id', 'type', 'timestamp', 'status', 'userId', 'sessionId', 'organizationId', 'metadata',
  'ipAddress', 'userAgent', 'source', 'displayMessage', 'displaySeverity',
]
expectLayout('eventValues', VALUE_FIELDS)
const VALUES_PER_EVENT = VALUE_FIELDS.length

/** AuthEvent objects from the flat values of a parsed array. */
function eventsFromValues(values) {
  const events = []
  for (let at = 0; at < values.length; at += VALUES_PER_EVENT) {
    events.push({
      id: values[at],
      type: values[at + 1],
      timestamp: new Date(values[at + 2]),
      status: values[at + 3],
      userId: values[at + 4],
      sessionId: values[at + 5],
      organizationId: values[at + 6],
      metadata: values[at + 7],
      ipAddress: values[at + 8],
      userAgent: values[at + 9],
      source: values[at + 10],
      display: { message: values[at + 11], severity: values[at + 12] },
    })
  }
  return events
}

function parseEvents(json) {
  return eventsFromValues(JSON.parse(json))
}

module.exports = { eventsFromValues, parseEvents }
