'use strict'
// One measured LogsProcessor run (a child of auth0-logs.js):
//   node bench/auth0-run.js <ours|upstream> <domain>
// Pulls every log with batchSize 100 and a handler that counts; prints { logs, wallMs, cpuMs }.
const [implementation, domain] = process.argv.slice(2)
const { LogsProcessor } = implementation === 'upstream' ? require('auth0-log-extension-tools') : require('..')

let data = {}
const storage = {
  read: () => Promise.resolve(data),
  write: (value) => {
    data = value
    return Promise.resolve()
  },
}

async function main() {
  let logs = 0
  const processor = new LogsProcessor(storage, {
    domain,
    clientId: 'test-client',
    clientSecret: 'test-secret',
    batchSize: 100,
    maxRunTimeSeconds: 600,
  })
  const cpu = process.cpuUsage()
  const started = process.hrtime.bigint()
  const result = await processor.run((batch, callback) => {
    logs += batch.length
    callback()
  })
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6
  const used = process.cpuUsage(cpu)
  const error = result.status.error
  process.stdout.write(
    `${JSON.stringify({ logs, wallMs, cpuMs: (used.user + used.system) / 1000, error: error ? String(error.message ?? error) : null })}\n`,
  )
}

main()
