'use strict'
// Benchmark: pulling 100,000 logs over HTTPS from the fake Management API with LogsProcessor
// (batchSize 100, a handler that counts), ours against auth0-log-extension-tools@1.3.10, both
// against the same server in the same run. The server runs in its own process; each client run
// in its own process, so CPU time (user + system, all threads) is the client's alone.
//   node bench/auth0-logs.js [--logs 100000] [--rounds 2]
const { spawn, execFile } = require('node:child_process')
const path = require('node:path')
const readline = require('node:readline')

const args = process.argv.slice(2)
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback)
const LOGS = option('--logs', 100_000)
const ROUNDS = option('--rounds', 2)

function startServer() {
  const server = spawn(process.execPath, [path.join(__dirname, '..', '__test__', 'fake-auth0', 'cli.js'), '--logs', String(LOGS), '--https'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    server.on('error', reject)
    readline.createInterface({ input: server.stdout }).once('line', (line) => resolve({ server, ...JSON.parse(line) }))
  })
}

function measure(implementation, domain, env) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, 'auth0-run.js'), implementation, domain], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${implementation}: ${stderr || error.message}`))
      const result = JSON.parse(stdout.trim().split('\n').pop())
      if (result.error || result.logs !== LOGS) return reject(new Error(`${implementation}: ${result.logs} logs, ${result.error}`))
      return resolve(result)
    })
  })
}

const best = (runs) => runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a))

async function main() {
  const { server, port, caPath } = await startServer()
  try {
    const runs = { upstream: [], ours: [] }
    for (let round = 0; round < ROUNDS; round++) {
      // Upstream only speaks https://<domain> and cannot be given a CA.
      runs.upstream.push(await measure('upstream', `127.0.0.1:${port}`, { NODE_TLS_REJECT_UNAUTHORIZED: '0' }))
      runs.ours.push(await measure('ours', `https://127.0.0.1:${port}`, { NODE_EXTRA_CA_CERTS: caPath }))
    }
    const rows = Object.entries(runs).map(([name, list]) => {
      const run = best(list)
      return { name, logsPerSecond: (run.logs / run.wallMs) * 1000, cpuMicrosPerLog: (run.cpuMs * 1000) / run.logs, ...run }
    })
    console.log(`Pulling ${LOGS} logs over HTTPS, batchSize 100 (best of ${ROUNDS})`)
    for (const row of rows) {
      console.log(
        `${row.name.padEnd(9)} ${row.logsPerSecond.toFixed(0).padStart(8)} logs/s  ${row.cpuMicrosPerLog.toFixed(2).padStart(7)} µs CPU/log  (${(row.wallMs / 1000).toFixed(2)} s, ${(row.cpuMs / 1000).toFixed(2)} s CPU)`,
      )
    }
    const [upstream, ours] = rows
    console.log(`throughput: ${(ours.logsPerSecond / upstream.logsPerSecond).toFixed(2)}× upstream (goal ≥ 3×)`)
    console.log(`CPU per log: ${(ours.cpuMicrosPerLog / upstream.cpuMicrosPerLog).toFixed(3)} of upstream (goal ≤ 0.333)`)
  } finally {
    server.stdin.end()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
