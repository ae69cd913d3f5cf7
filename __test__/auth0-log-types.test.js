'use strict'
const assert = require('node:assert/strict')
const { test } = require('node:test')

const { logTypes } = require('..')

test('logTypes is the specification table of 98 codes', () => {
  const table = require('./fixtures/oracles/auth0-log-types.json')
  assert.equal(Object.keys(logTypes).length, 98)
  for (const { code, name, description, severity, level } of table) {
    assert.deepEqual(logTypes[code], description ? { name, description, severity, level } : { name, severity, level })
  }
  assert.deepEqual(logTypes.s, { name: 'Success Login', severity: 'success', level: 1 })
})
