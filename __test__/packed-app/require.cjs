'use strict'
// CommonJS: auth-ingest and its platform binary load from the app's own node_modules.
const assert = require('node:assert/strict')
const path = require('node:path')
const authIngest = require('auth-ingest')

const installed = path.join(__dirname, 'node_modules')
assert.equal(path.dirname(require.resolve('auth-ingest')), path.join(installed, 'auth-ingest'))
const binaries = Object.keys(require.cache).filter((file) => file.endsWith('.node'))
assert.equal(binaries.length, 1, `one native binary loaded: ${binaries}`)
assert.match(path.relative(installed, binaries[0]), /^auth-ingest-([a-z0-9-]+)\/auth-ingest\.\1\.node$/)

for (const name of ['initializeEventIngestion', 'emitEvent', 'getEventIngestionProvider', 'shutdownEventIngestion']) {
  assert.equal(typeof authIngest[name], 'function', name)
}
assert.equal(typeof authIngest.LogsProcessor, 'function')
assert.deepEqual(authIngest.logTypes.s, { name: 'Success Login', severity: 'success', level: 1 })
assert.equal(authIngest.isEventIngestionInitialized(), false)
console.log(`loaded ${path.relative(__dirname, binaries[0])}`)
