'use strict'
// Events cross from Rust as JSON with ISO timestamps; JS users get Dates.

function reviveEvent(event) {
  event.timestamp = new Date(event.timestamp)
  return event
}

function parseEvents(json) {
  const events = JSON.parse(json)
  for (const event of events) reviveEvent(event)
  return events
}

module.exports = { reviveEvent, parseEvents }
