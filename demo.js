'use strict'
// The main job, on the embedded SQLite default: record a few thousand authentication events,
// read them back through the provider, print a summary and the throughput.
const fs = require('node:fs')
const path = require('node:path')
const {
  initializeEventIngestion,
  emitEvent,
  getEventIngestionProvider,
  shutdownEventIngestion,
} = require('.')

const EVENTS = Number(process.env.DEMO_EVENTS ?? 5000)
const directory = path.join(__dirname, 'demo-data')
const file = path.join(directory, 'auth-events.db')
fs.mkdirSync(directory, { recursive: true })
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })

const TYPES = ['user.logged_in', 'user.logged_in', 'session.created', 'user.joined', 'password.reset_requested', 'user.logged_out']
const PEOPLE = [
  { name: 'Ada Lovelace', email: 'ada@example.com' },
  { name: 'Alan Turing', email: 'alan@example.com' },
  { email: 'grace@example.com' },
]

async function main() {
  initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: file, batchSize: 500, flushInterval: 1000 })
  const started = process.hrtime.bigint()
  for (let i = 0; i < EVENTS; i++) {
    const person = PEOPLE[i % PEOPLE.length]
    await emitEvent(TYPES[i % TYPES.length], {
      status: i % 17 === 0 ? 'failed' : 'success',
      userId: `user_${i % 250}`,
      sessionId: `sess_${i}`,
      metadata: person,
      request: { ip: `203.0.113.${i % 255}`, headers: { 'user-agent': 'auth-ingest-demo/1.0' } },
    })
  }
  const provider = getEventIngestionProvider()
  await shutdownEventIngestion()
  const seconds = Number(process.hrtime.bigint() - started) / 1e9

  initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: file })
  const reader = getEventIngestionProvider()
  const [count, stats, latest] = await Promise.all([reader.count(), reader.getStats(), reader.query({ limit: 5 })])
  await shutdownEventIngestion()
  void provider

  console.log(`auth-ingest demo — ${file}`)
  console.log(`stored ${count} events in ${seconds.toFixed(2)} s (${Math.round(EVENTS / seconds).toLocaleString('en-US')} events/s, emit to durable rows)`)
  console.log(`by severity: ${JSON.stringify(stats)}`)
  console.log('latest events:')
  for (const event of latest.events) {
    console.log(`  ${event.timestamp.toISOString()}  ${event.display.severity.padEnd(7)}  ${event.display.message}`)
  }
  if (count !== EVENTS) {
    console.error(`expected ${EVENTS} rows, found ${count}`)
    process.exitCode = 1
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
