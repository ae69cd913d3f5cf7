'use strict'
// LogsApiStream against the fake Management API.
const assert = require('node:assert/strict')
const { Readable } = require('node:stream')
const { once } = require('node:events')
const { test } = require('node:test')

const { LogsApiStream, ManagementApiError } = require('..')
const { fakeAuth0, credentials } = require('./fake-auth0/harness')

test('is an object-mode Readable that pages from the checkpoint and ends on an empty page', async (t) => {
  const server = await fakeAuth0(t, { count: 25 })
  const stream = new LogsApiStream(credentials(server))
  assert.ok(stream instanceof Readable)
  assert.equal(stream.readableObjectMode, true)
  const pages = []
  stream.on('data', (page) => {
    pages.push(page)
    stream.batchSaved()
    stream.next(10)
  })
  stream.next(10)
  await once(stream, 'end')
  assert.deepEqual(pages.map((page) => page.logs.length), [10, 10, 5])
  assert.deepEqual(pages.flatMap((page) => page.logs.map((log) => log._id)), server.logs.map((log) => log._id))
  assert.deepEqual(pages[0].limits, { limit: 50, remaining: 49, reset: pages[0].limits.reset })
  assert.equal(stream.lastCheckpoint, server.logs[24]._id)
  assert.equal(stream.previousCheckpoint, server.logs[24]._id)
  assert.equal(stream.status.logsProcessed, 25)
  assert.ok(stream.status.end instanceof Date)
  assert.deepEqual(server.logRequests().map((request) => request.query), [
    { per_page: '10', page: '0', sort: 'date:1' },
    { take: '10', from: server.logs[9]._id, sort: 'date:1' },
    { take: '10', from: server.logs[19]._id, sort: 'date:1' },
    { take: '10', from: server.logs[24]._id, sort: 'date:1' },
  ])
})

test('works with for await, and done() ends it', async (t) => {
  const server = await fakeAuth0(t, { count: 30 })
  const stream = new LogsApiStream(credentials(server, { checkpointId: server.logs[4]._id }))
  assert.equal(stream.status.startCheckpoint, server.logs[4]._id)
  const seen = []
  stream.next(5)
  for await (const page of stream) {
    seen.push(...page.logs.map((log) => log._id))
    if (seen.length >= 10) stream.done()
    else stream.next(5)
  }
  assert.deepEqual(seen, server.logs.slice(5, 15).map((log) => log._id))
  assert.equal(server.logRequests().length, 2)
})

test('types: q on every request, logs filtered client-side, lastCheckpoint past filtered-out logs', async (t) => {
  const types = (index) => (index % 4 === 0 ? 'ss' : 's')
  const server = await fakeAuth0(t, { count: 20, logOptions: { types } })
  const stream = new LogsApiStream(credentials(server, { checkpointId: server.logs[0]._id, types: ['ss', 'fn'] }))
  stream.next(8)
  const [page] = await once(stream, 'data')
  assert.deepEqual(page.logs.map((log) => log._id), [server.logs[4]._id, server.logs[8]._id])
  assert.equal(stream.lastCheckpoint, server.logs[8]._id)
  assert.equal(server.logRequests()[0].query.q, 'type:ss OR type:fn')
  stream.next(3)
  const [empty] = await once(stream, 'data')
  assert.deepEqual(empty.logs, [])
  assert.equal(stream.lastCheckpoint, server.logs[11]._id)
})

test('a request that keeps failing is retried maxRetries times, then emits error', async (t) => {
  const server = await fakeAuth0(t, { count: 5 })
  server.faultPlan = (target) => (target === 'logs' ? 'status500' : undefined)
  const stream = new LogsApiStream(credentials(server, { maxRetries: 2 }))
  stream.next(5)
  const [error] = await once(stream, 'error')
  assert.ok(error instanceof ManagementApiError)
  assert.equal(error.status, 500)
  assert.equal(server.logRequests().length, 3)
})

test('a spent rate limit without a time budget ends the stream with the upstream warning', async (t) => {
  const server = await fakeAuth0(t, { count: 30, rateLimit: { limit: 1, windowSeconds: 60 } })
  const stream = new LogsApiStream(credentials(server))
  const pages = []
  stream.on('data', (page) => {
    pages.push(page)
    stream.next(10)
  })
  stream.next(10)
  await once(stream, 'end')
  assert.equal(pages.length, 1)
  assert.equal(pages[0].limits.remaining, 0)
  assert.equal(stream.status.warning, 'Auth0 Management API rate limit reached.')
  assert.equal(server.logRequests().length, 1)
})

test('with time left before maxRunTimeSeconds it waits for the reset and continues', async (t) => {
  const server = await fakeAuth0(t, { count: 30, rateLimit: { limit: 1, windowSeconds: 1 } })
  const stream = new LogsApiStream(credentials(server, { start: Date.now(), maxRunTimeSeconds: 20 }))
  const seen = []
  stream.on('data', (page) => {
    seen.push(...page.logs)
    stream.next(10)
  })
  stream.next(10)
  await once(stream, 'end')
  assert.equal(seen.length, 30)
  assert.equal(stream.status.warning, undefined)
  assert.ok(server.logRequests().every((request) => request.answer === 200))
})

test('checks its options like upstream', () => {
  assert.throws(() => new LogsApiStream(), { name: 'ArgumentError', message: 'Must provide an options object' })
  assert.throws(() => new LogsApiStream({ domain: '' }), { name: 'ArgumentError', message: 'The provided domain is invalid: ' })
})

test('with a tokenCache, a token swapped in the cache mid-stream is used for the next page', async (t) => {
  const server = await fakeAuth0(t, { count: 20 })
  let cached = null
  const tokenCache = {
    getToken: async () => cached,
    setToken: async (token) => {
      cached = token
    },
  }
  const stream = new LogsApiStream(credentials(server, { tokenCache }))
  stream.next(5)
  await once(stream, 'data')
  const first = cached.token
  const { LogsApiClient } = require('..')
  cached = await new LogsApiClient(credentials(server)).getAccessToken()
  stream.next(5)
  await once(stream, 'data')
  stream.done()
  assert.deepEqual(
    server.logRequests().map((request) => request.authorization),
    [`Bearer ${first}`, `Bearer ${cached.token}`],
  )
  assert.notEqual(first, cached.token)
})
