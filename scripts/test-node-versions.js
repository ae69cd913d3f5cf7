'use strict'
// The node test suite on every other tested Node major (scripts/node-versions.js), each with
// the better-sqlite3 addon built for it. Exits non-zero when a run fails, or — under CI=true —
// when a Node version cannot be had. `npm test` runs it before the suite on this machine's Node.
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { testedNodes, currentMajor } = require('./node-versions')
const { betterSqlite3Binary } = require('./better-sqlite3-binary')
const { testFiles } = require('./test-files')

const root = path.join(__dirname, '..')
const failed = []

for (const node of testedNodes()) {
  if (node.major === currentMajor) continue
  if (node.skip) {
    console.warn(`\n== Node ${node.major}: skipped (${node.skip}); under CI=true this fails`)
    continue
  }
  const started = Date.now()
  console.log(`\n== the node test suite on Node ${node.major}`)
  const env = { ...process.env, BETTER_SQLITE3_BINDING: betterSqlite3Binary(node.major) }
  const result = spawnSync(node.binary, ['--test', '--test-reporter=spec', '--test-concurrency=1', ...testFiles()], {
    cwd: root,
    env,
    stdio: 'inherit',
  })
  const seconds = Math.round((Date.now() - started) / 1000)
  console.log(`== Node ${node.major}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${seconds} s`)
  if (result.status !== 0) failed.push(node.major)
}

if (failed.length > 0) {
  console.error(`the node test suite failed on Node ${failed.join(', ')}`)
  process.exit(1)
}
