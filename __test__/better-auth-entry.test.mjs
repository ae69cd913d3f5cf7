// `auth-ingest/better-auth` from ESM and CommonJS is one module; the main entry never loads
// better-auth (an optional peer dependency).
import test from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { authIngest } from 'auth-ingest/better-auth'
import betterAuthPlugin from 'auth-ingest/better-auth'

const require = createRequire(import.meta.url)

test('the ESM and CommonJS subpath exports are the same function', () => {
  assert.equal(authIngest, require('auth-ingest/better-auth').authIngest)
  assert.equal(betterAuthPlugin.authIngest, authIngest)
  assert.equal(authIngest().id, 'auth-ingest')
})

test('a disabled config gives a plugin that records nothing; an invalid one throws at once', () => {
  assert.deepEqual(authIngest({ enabled: false }), { id: 'auth-ingest' })
  assert.throws(() => authIngest({ enabled: true, clientType: 'mongodb' }), TypeError)
})

test('require("auth-ingest") and import "auth-ingest" never load better-auth', () => {
  // Any attempt to resolve better-auth fails in this child, as it would without it installed.
  const refuse = `const Module = require('node:module'); const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      if (request === 'better-auth' || request.startsWith('better-auth/')) throw new Error('better-auth was loaded')
      return resolve.call(this, request, ...rest)
    }`
  const script = `${refuse}; const ingest = require('auth-ingest'); import('auth-ingest').then((esm) => {
    if (typeof ingest.emitEvent !== 'function' || esm.emitEvent !== ingest.emitEvent) process.exit(2)
  })`
  execFileSync(process.execPath, ['-e', script], { cwd: new URL('..', import.meta.url), stdio: 'pipe' })
})

test('the published package holds every file its exports name', () => {
  const root = new URL('..', import.meta.url)
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  )
  const files = new Set(packed.files.map((file) => file.path))
  const { exports } = require('../package.json')
  for (const [subpath, targets] of Object.entries(exports)) {
    for (const target of Object.values(targets))
      assert.ok(files.has(target.replace(/^\.\//, '')), `${subpath} → ${target} is published`)
  }
  for (const file of ['lib/better-auth/request.js', 'lib/better-auth/events/core.js', 'types/events.d.ts'])
    assert.ok(files.has(file), file)
})
