'use strict'
// A private npm registry on 127.0.0.1 (verdaccio, storage in a temporary folder) where the
// packed install test publishes auth-ingest and its platform package. Only packages named
// auth-ingest or auth-ingest-* live there (never fetched from upstream); any other package
// (typescript, @types/node for the app) is proxied from the registry npm is configured with.
const fs = require('node:fs')
const net = require('node:net')
const path = require('node:path')
const { spawn, execFileSync } = require('node:child_process')
const { nodeBinary } = require('../node-binary')

const root = path.join(__dirname, '..', '..')

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

function config(dir, upstream) {
  return [
    `storage: ${path.join(dir, 'storage')}`,
    'auth:',
    '  htpasswd:',
    `    file: ${path.join(dir, 'htpasswd')}`,
    'uplinks:',
    '  upstream:',
    `    url: ${upstream}`,
    'packages:',
    "  'auth-ingest':",
    '    access: $all',
    '    publish: $authenticated',
    "  'auth-ingest-*':",
    '    access: $all',
    '    publish: $authenticated',
    "  '**':",
    '    access: $all',
    '    proxy: upstream',
    'log: { type: stdout, format: pretty, level: warn }',
    '',
  ].join('\n')
}

async function waitUntilUp(url, child, logFile) {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    try {
      if ((await fetch(`${url}-/ping`)).ok) return
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`the local registry did not start:\n${fs.readFileSync(logFile, 'utf8')}`)
}

/** A user who may publish, and an npmrc (for `npm --userconfig`) that names the registry. */
async function publisherConfig(url, dir) {
  const response = await fetch(`${url}-/user/org.couchdb.user:packed-test`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'packed-test', password: 'packed-test-password' }),
  })
  if (!response.ok) throw new Error(`creating the registry user: HTTP ${response.status}`)
  const { token } = await response.json()
  const userconfig = path.join(dir, 'npmrc')
  const host = url.replace(/^http:/, '')
  fs.writeFileSync(userconfig, `registry=${url}\n${host}:_authToken=${token}\n`)
  return userconfig
}

/** Starts the registry in `dir`; `stop()` ends it. */
async function startRegistry(dir) {
  const upstream = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim()
  fs.mkdirSync(dir, { recursive: true })
  const configFile = path.join(dir, 'config.yaml')
  fs.writeFileSync(configFile, config(dir, upstream))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}/`
  const logFile = path.join(dir, 'registry.log')
  const log = fs.openSync(logFile, 'w')
  const verdaccio = path.join(root, 'node_modules', 'verdaccio', 'bin', 'verdaccio')
  // verdaccio 6 runs on Node >= 22 only (this machine's own Node may be older).
  const child = spawn(nodeBinary(22), [verdaccio, '--config', configFile, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', log, log],
  })
  fs.closeSync(log)
  try {
    await waitUntilUp(url, child, logFile)
    const userconfig = await publisherConfig(url, dir)
    return { url, userconfig, stop: () => child.kill() }
  } catch (error) {
    child.kill()
    throw error
  }
}

module.exports = { startRegistry }
