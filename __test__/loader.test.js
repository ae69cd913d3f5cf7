'use strict'
// Loading the addon where no binary loads: an error naming the platform and what to do
// (scripts/packed-install.js checks the installed package's message without its binary package).
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { currentPlatform, platformOfTarget } = require('../lib/platform')

const root = path.join(__dirname, '..')

test('without a binary, require names the platform and, in a clone, says to build it; the loader error is the cause', () => {
  const report = 'try { require(".") } catch (error) { console.log(JSON.stringify({ message: error.message, code: error.code, cause: error.cause.message })) }'
  const result = spawnSync(process.execPath, ['-e', report], {
    cwd: root,
    env: { ...process.env, NAPI_RS_NATIVE_LIBRARY_PATH: path.join(root, 'no-such-binary.node') },
    encoding: 'utf8',
  })
  assert.equal(result.status, 0, result.stderr)
  const error = JSON.parse(result.stdout)
  assert.equal(
    error.message,
    `auth-ingest cannot load its native addon on ${currentPlatform()} (Node ${process.versions.node}): in a clone of the repository, build it first: npm run build`,
  )
  assert.equal(error.code, 'AUTH_INGEST_NO_BINARY')
  assert.match(error.cause, /^Cannot find native binding/)
})

test('Rust target triples map to the platform names of napi packages', () => {
  const triples = ['x86_64-unknown-linux-gnu', 'aarch64-unknown-linux-musl', 'aarch64-apple-darwin', 'x86_64-apple-darwin', 'x86_64-pc-windows-msvc']
  assert.deepEqual(triples.map(platformOfTarget), ['linux-x64-gnu', 'linux-arm64-musl', 'darwin-arm64', 'darwin-x64', 'win32-x64-msvc'])
})
