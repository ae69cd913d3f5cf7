// The package works from ESM with named exports, the same module as require().
import test from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import authIngest, * as named from '../index.mjs'

const require = createRequire(import.meta.url)

test('every CommonJS export is a named ESM export, and they are the same objects', () => {
  const commonJs = require('../index.js')
  assert.equal(authIngest, commonJs)
  for (const [name, value] of Object.entries(commonJs)) {
    assert.equal(named[name], value, `named export ${name}`)
  }
  assert.equal(typeof named.emitEvent, 'function')
  assert.equal(typeof named.LogsProcessor, 'function')
})
