'use strict'
// The HTTPS store against a local sink (HTTPS with a test CA trusted through
// NODE_EXTRA_CA_CERTS): the bodies and headers it posts, retries on 500 and 429 (honouring
// Retry-After), 400 handed to onError, a stalled sink at shutdown, health checks, and
// secrets kept out of every message.
const { describe, test, before, after, afterEach } = require('node:test')
const assert = require('node:assert/strict')
const { makeCertificates } = require('./fake-auth0/certs')
const { startSink } = require('./helpers/http-sink')
const { closedPort, data } = require('./helpers/store-servers')

// The addon reads NODE_EXTRA_CA_CERTS once, on its first TLS connection, as Node does.
const certificates = makeCertificates()
process.env.NODE_EXTRA_CA_CERTS = certificates.caPath
process.on('exit', () => certificates.remove())

const ingest = require('..')

describe('HTTPS store', () => {
  let sink

  before(async () => {
    sink = await startSink({ tls: { key: certificates.key, cert: certificates.cert } })
  })
  after(() => sink.close())
  afterEach(async () => {
    await ingest.shutdownEventIngestion()
    sink.recover()
    sink.requests = []
    sink.accepted = []
  })

  function init(config) {
    const errors = []
    ingest.initializeEventIngestion({
      enabled: true, clientType: 'https', client: sink.url, onError: (error, events) => errors.push({ error, events }), ...config,
    })
    return errors
  }

  test('batchSize 1 posts each event as JSON with the configured headers, over HTTPS', async () => {
    const errors = init({ headers: { Authorization: 'Bearer t0ken', 'X-Tenant': 'acme' } })
    await ingest.emitEvent('user.logged_in', data(1, { sessionId: 's1', metadata: { name: 'Ada', n: 1 } }))
    assert.equal(sink.requests.length, 1) // batchSize 1: written when emitEvent resolves
    const [{ method, headers, body }] = sink.requests
    assert.equal(method, 'POST')
    assert.equal(headers['content-type'], 'application/json')
    assert.equal(headers.authorization, 'Bearer t0ken')
    assert.equal(headers['x-tenant'], 'acme')
    assert.match(body.id, /^[0-9a-f-]{36}$/)
    assert.match(body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    assert.deepEqual({ ...body, id: undefined, timestamp: undefined }, {
      id: undefined, timestamp: undefined, type: 'user.logged_in', status: 'success', userId: 'user_1', sessionId: 's1',
      organizationId: null, metadata: { name: 'Ada', n: 1 }, ipAddress: '203.0.113.7', userAgent: 'test-agent',
      source: 'app', display: { message: 'Ada logged in', severity: 'success' },
    })
    assert.deepEqual(errors, [])
  })

  test('batches are posted as { events: [...] } of batchSize, each in order (up to 4 in flight)', async () => {
    const errors = init({ batchSize: 10, flushInterval: 60_000 })
    for (let i = 0; i < 31; i++) await ingest.emitEvent('user.joined', data(i))
    await ingest.shutdownEventIngestion()
    const batches = sink.requests.map((r) => r.body.events.map((e) => e.metadata.n))
    assert.deepEqual(batches.map((batch) => batch.length).sort(), [1, 10, 10, 10])
    for (const batch of batches) assert.deepEqual(batch, [...batch].sort((a, b) => a - b))
    assert.deepEqual(batches.flat().sort((a, b) => a - b), [...Array(31).keys()])
    assert.deepEqual(errors, [])
  })

  test('the sink answering 500 for a while, then 200: every event lands exactly once', async () => {
    sink.answer(500, { count: 3 })
    const errors = init({ batchSize: 5, flushInterval: 60_000 })
    for (let i = 0; i < 20; i++) await ingest.emitEvent('user.joined', data(i))
    await ingest.shutdownEventIngestion()
    assert.deepEqual(errors, [])
    assert.equal(sink.requests.length, 4 + 3)
    assert.deepEqual(sink.accepted.map((e) => e.metadata.n).sort((a, b) => a - b), [...Array(20).keys()])
  })

  test('429 with Retry-After is waited out, then retried', async () => {
    sink.answer(429, { count: 1, headers: { 'retry-after': '1' } })
    const errors = init({ batchSize: 2, flushInterval: 60_000 })
    const started = Date.now()
    await ingest.emitEvent('user.joined', data(1))
    await ingest.emitEvent('user.joined', data(2))
    await ingest.shutdownEventIngestion()
    assert.ok(Date.now() - started >= 1000, 'waited for Retry-After')
    assert.deepEqual(errors, [])
    assert.deepEqual(sink.accepted.map((e) => e.metadata.n), [1, 2])
  })

  test('400 goes to onError with the events; nothing is retried forever', async () => {
    sink.answer(400)
    const errors = init({ batchSize: 4, flushInterval: 60_000 })
    for (let i = 0; i < 4; i++) await ingest.emitEvent('user.joined', data(i))
    await ingest.shutdownEventIngestion()
    assert.equal(sink.accepted.length, 0)
    assert.deepEqual(errors.flatMap((e) => e.events.map((event) => event.metadata.n)).sort(), [0, 1, 2, 3])
    for (const { error } of errors) assert.match(error.message, /^HTTPS endpoint https:\/\/127\.0\.0\.1:\d+\/events: answered 400 Bad Request/)
  })

  test('a stalled sink: health false and shutdown returning after its timeout, events to onError', async () => {
    sink.stall()
    const errors = init({ batchSize: 3, flushInterval: 60_000, timeoutMs: 500 })
    for (let i = 0; i < 6; i++) await ingest.emitEvent('user.joined', data(i))
    let started = Date.now()
    assert.equal(await ingest.checkEventIngestionHealth(), false)
    assert.ok(Date.now() - started < 2000)
    started = Date.now()
    await ingest.shutdownEventIngestion()
    assert.ok(Date.now() - started < 4000, `shutdown took ${Date.now() - started} ms`)
    assert.deepEqual(errors.flatMap((e) => e.events.map((event) => event.metadata.n)).sort(), [0, 1, 2, 3, 4, 5])
  })

  test('health: true against the live sink, false against a closed port', async () => {
    init({})
    assert.equal(await ingest.checkEventIngestionHealth(), true)
    await ingest.shutdownEventIngestion()
    ingest.initializeEventIngestion({ enabled: true, clientType: 'https', client: `http://127.0.0.1:${await closedPort()}/x` })
    assert.equal(await ingest.checkEventIngestionHealth(), false)
  })

  test('the HTTPS provider is write-only: it has ingest, ingestBatch, healthCheck and shutdown only', async () => {
    init({})
    const provider = ingest.getEventIngestionProvider()
    for (const method of ['ingest', 'ingestBatch', 'healthCheck', 'shutdown']) assert.equal(typeof provider[method], 'function', method)
    for (const method of ['query', 'count', 'getStats']) assert.equal(provider[method], undefined, method)
  })

  test('secrets in the URL or headers never appear in errors', async () => {
    const secret = 'Sup3r-s3cret-t0ken'
    const errors = init({ client: `http://user:${secret}@127.0.0.1:${await closedPort()}/hook?token=${secret}`, batchSize: 2, timeoutMs: 500 })
    await ingest.emitEvent('user.joined', data(1))
    await ingest.emitEvent('user.joined', data(2))
    await ingest.shutdownEventIngestion()
    assert.equal(errors.length, 1)
    for (const { error } of errors) assert.ok(!error.message.includes(secret), error.message)
    assert.throws(
      () => ingest.initializeEventIngestion({ enabled: true, clientType: 'https', client: sink.url, headers: { Authorization: `Bearer ${secret}\n` } }),
      (error) => error instanceof TypeError && /Authorization/.test(error.message) && !error.message.includes(secret),
    )
    // An endpoint echoing the token in its error answer: the message shows it blanked out.
    sink.answer(401, { body: `invalid token Bearer ${secret}` })
    const refused = init({ headers: { Authorization: `Bearer ${secret}` } })
    await ingest.emitEvent('user.joined', data(3))
    await ingest.shutdownEventIngestion()
    assert.equal(refused.length, 1)
    assert.match(refused[0].error.message, /answered 401 Unauthorized invalid token (Bearer )?\[redacted\]$/)
    for (const client of [42, { url: sink.url }, 'not a url', 'ftp://host/x']) {
      assert.throws(
        () => ingest.initializeEventIngestion({ enabled: true, clientType: 'https', client }),
        (error) => error instanceof TypeError && /clientType 'https'/.test(error.message),
      )
    }
  })
})
