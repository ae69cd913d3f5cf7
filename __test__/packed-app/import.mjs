// ES modules: the default import is the CommonJS module, and every export is also a named one.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import authIngest, * as named from 'auth-ingest'
import { emitEvent, LogsApiClient } from 'auth-ingest'

const commonJs = createRequire(import.meta.url)('auth-ingest')
assert.equal(authIngest, commonJs)
for (const [name, value] of Object.entries(commonJs)) assert.equal(named[name], value, `named export ${name}`)
assert.equal(emitEvent, commonJs.emitEvent)
assert.throws(() => new LogsApiClient({}), { name: 'ArgumentError' })
console.log(`${Object.keys(commonJs).length} exports, named and default`)
