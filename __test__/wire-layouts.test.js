'use strict'
// What crosses between JS and Rust is declared in Rust (hot-path layouts, dispatch operations);
// lib/ checks its readers, writers and handlers against them when it loads.
const test = require('node:test')
const assert = require('node:assert/strict')
const { wireLayouts } = require('../binding')
const { expectLayout } = require('../lib/ingestion/wire-layouts')

test('every layout lib/ uses is the one the addon declares (lib/ loaded without an error)', () => {
  require('..')
  const layouts = wireLayouts()
  assert.deepEqual(Object.keys(layouts).sort(), ['emissionRecord', 'eventValues', 'heldPayload'])
})

test('a layout that differs from the addon is an error naming both orders', () => {
  const layouts = wireLayouts()
  const swapped = [...layouts.eventValues]
  ;[swapped[4], swapped[5]] = [swapped[5], swapped[4]]
  assert.throws(() => expectLayout('eventValues', swapped), {
    message: /lib\/ and the native addon disagree on the eventValues layout \(JS: id, type, timestamp, status, sessionId, userId, .*addon: id, type, timestamp, status, userId, sessionId/,
  })
  assert.throws(() => expectLayout('emissionRecord', layouts.emissionRecord.slice(1)), /emissionRecord layout/)
  assert.throws(() => expectLayout('heldPayload', layouts.heldPayload, { ...layouts, heldPayload: ['runs'] }), /heldPayload layout/)
  assert.doesNotThrow(() => expectLayout('heldPayload', layouts.heldPayload))
})

test('lib/ handles exactly the dispatch operations the addon sends, and says so when not', () => {
  const { DispatchOperation } = require('../binding')
  const { expectEveryOperation, operations } = require('../lib/ingestion/dispatch')
  assert.deepEqual(Object.values(DispatchOperation).sort(), ['error', 'eventIngest', 'healthCheck', 'ingestBatch', 'shutdown'])
  assert.doesNotThrow(() => expectEveryOperation(operations({})))
  const { healthCheck, ...missing } = operations({})
  assert.ok(healthCheck)
  assert.throws(() => expectEveryOperation(missing), /lib\/ handles the dispatch operations error, eventIngest, ingestBatch, shutdown, the addon sends error, eventIngest, healthCheck, ingestBatch, shutdown/)
  assert.throws(() => expectEveryOperation(operations({}), [...Object.values(DispatchOperation), 'flush']), /the addon sends .*flush/)
})
