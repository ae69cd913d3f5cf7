'use strict'
// Runs every benchmark in bench/, one process each (a store's benchmark needs its local
// server: `bash scripts/services.sh` first). Build with `npm run build` (release) before.
const { spawnSync } = require('node:child_process')
const path = require('node:path')

const BENCHMARKS = ['emit.js', 'emit-breakdown.js', 'sqlite.js', 'postgres.js', 'clickhouse.js', 'https.js', 'auth0-logs.js', 'better-auth.js']
let failed = 0
for (const name of BENCHMARKS) {
  console.log(`\n### ${name}`)
  const result = spawnSync(process.execPath, [path.join(__dirname, name)], { stdio: 'inherit' })
  if (result.status !== 0) failed += 1
}
process.exitCode = failed ? 1 : 0
