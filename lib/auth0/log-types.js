'use strict'
// logTypes (SPEC 2.4): Auth0 log type codes with name, description, severity and level.
const table = require('./log-types.json')

const logTypes = Object.freeze(
  Object.fromEntries(
    table.map(({ code, name, description, severity, level }) => [
      code,
      Object.freeze(description ? { name, description, severity, level } : { name, severity, level }),
    ]),
  ),
)

/** `logTypes` plus every code whose level is at least `logLevel`, without duplicates. */
function typesToShip(codes, logLevel) {
  const types = Array.isArray(codes) ? codes.map(String) : []
  if (logLevel) {
    for (const [code, { level }] of Object.entries(logTypes)) {
      if (level >= logLevel) types.push(code)
    }
  }
  return [...new Set(types)]
}

module.exports = { logTypes, typesToShip }
