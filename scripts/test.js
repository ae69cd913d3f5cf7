'use strict'
// `npm test`: the whole suite. Builds the addon if needed, starts the local services,
// runs the Rust unit tests, the typings check, then the node tests (whose counts close the output).
const { spawnSync } = require('node:child_process')
const path = require('node:path')

const root = path.join(__dirname, '..')
const ci = process.env.CI === 'true'

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
run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', '__test__/typings'])
run(process.execPath, ['--test', '--test-concurrency=1', ...process.argv.slice(2).concat(process.argv.length > 2 ? [] : ['__test__/'])])
