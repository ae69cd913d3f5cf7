'use strict'
// `npm test`: the whole suite. Builds the addon if needed, starts the local services, runs the
// Rust unit tests (and a build without napi), the typings check, the packed install test
// (scripts/packed-install.js), the node tests on the other tested Node versions
// (scripts/test-node-versions.js), then the node tests on this Node, whose counts close the output.
// `npm test -- <files>` runs only those node test files, on this Node (after the Rust and typings checks).
const { spawnSync } = require('node:child_process')
const path = require('node:path')
const { testFiles } = require('./test-files')

const root = path.join(__dirname, '..')
const ci = process.env.CI === 'true'
const chosenFiles = process.argv.slice(2)

function run(command, args, { tolerate = false } = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  if (result.status !== 0 && !tolerate) process.exit(result.status ?? 1)
  return result.status === 0
}

run(process.execPath, ['scripts/ensure-built.js'])
if (!run('bash', ['scripts/services.sh'], { tolerate: !ci })) {
  console.warn('services could not be started: the PostgreSQL/ClickHouse suites will skip (they fail under CI=true)')
}
run('cargo', ['test', '--quiet'])
// Only `src/node` may need napi: the rest builds without the `node` feature.
run('cargo', ['check', '--quiet', '--lib', '--no-default-features'])
run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', '__test__/typings'])
if (chosenFiles.length === 0) {
  run(process.execPath, ['--test', '--test-reporter=spec', 'scripts/packed-install.js'])
  run(process.execPath, ['scripts/test-node-versions.js'])
}
run(process.execPath, ['--test', '--test-concurrency=1', ...(chosenFiles.length > 0 ? chosenFiles : testFiles())])
