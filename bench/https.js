'use strict'
// 100,000 events to a local HTTPS sink: emitEvent with batchSize 1000 (timed until the sink
// has acknowledged every batch) versus `fetch` posting the same `{ events }` batches. The sink
// runs in this process with a throwaway CA; the two clients run in a child process that trusts
// the CA through NODE_EXTRA_CA_CERTS, as a user would. Build with --release first.
const { fork } = require('node:child_process')
const https = require('node:https')
const { makeCertificates } = require('../__test__/fake-auth0/certs')
const { EVENTS, BATCH, eventData, jsEvent, timed, contest, report } = require('./store-events')

const MARKER = Buffer.from('"source":')

/** The sink: counts the events of every POST, answers 200; GET answers the count, DELETE resets it. */
async function startSink(tls) {
  let received = 0
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
    if (request.method === 'GET' || request.method === 'DELETE') {
      if (request.method === 'DELETE') received = 0
      response.end(String(received))
      return
    }
    // Counted without parsing, so that the sink is not what is measured: one `"source":` per event.
    let tail = Buffer.alloc(0)
    request.on('data', (chunk) => {
      const text = Buffer.concat([tail, chunk])
      for (let at = text.indexOf(MARKER); at !== -1; at = text.indexOf(MARKER, at + MARKER.length)) received += 1
      tail = text.subarray(Math.max(0, text.length - MARKER.length + 1))
    })
    request.on('end', () => response.end('{"ok":true}'))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `https://127.0.0.1:${server.address().port}/events` }
}

async function received(url) {
  return Number(await (await fetch(url)).text())
}

async function runClients(url) {
  const ingest = require('..')
  const ours = async () => {
    ingest.initializeEventIngestion({ enabled: true, clientType: 'https', client: url, batchSize: BATCH })
    for (let i = 0; i < EVENTS; i++) await ingest.emitEvent('user.logged_in', eventData(i))
    await ingest.shutdownEventIngestion()
    return received(url)
  }
  const js = async () => {
    let events = []
    const post = async () => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) })
      if (!response.ok) throw new Error(`sink answered ${response.status}`)
      await response.arrayBuffer()
      events = []
    }
    for (let i = 0; i < EVENTS; i++) {
      events.push(jsEvent(i))
      if (events.length === BATCH) await post()
    }
    if (events.length) await post()
    return received(url)
  }
  /** The sink's count is reset before the clock starts. */
  const contestant = (name, send) => ({
    name,
    run: async () => {
      await (await fetch(url, { method: 'DELETE' })).text()
      return timed(name, send)
    },
  })
  const [oursResult, jsResult] = await contest([
    contestant('auth-ingest emitEvent', ours),
    contestant('fetch posting { events } batches', js),
  ])
  report('HTTPS', oursResult, [jsResult])
}

async function main() {
  if (process.env.BENCH_HTTPS_SINK_URL) return runClients(process.env.BENCH_HTTPS_SINK_URL)
  const certificates = makeCertificates()
  const sink = await startSink(certificates)
  try {
    const child = fork(__filename, {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certificates.caPath, BENCH_HTTPS_SINK_URL: sink.url },
    })
    const code = await new Promise((resolve) => child.on('exit', resolve))
    process.exitCode = code
  } finally {
    sink.server.closeAllConnections()
    sink.server.close()
    certificates.remove()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
