'use strict'
// LogsProcessor against the fake Management API: batching, checkpoints, retries and failures.
const assert = require('node:assert/strict')
const { test } = require('node:test')

const { LogsProcessor, ManagementApiError } = require('..')
const { fakeAuth0, credentials, recordingHandler, servedIds } = require('./fake-auth0/harness')
const { makeLogs } = require('./fake-auth0/logs')
const { memoryStorage } = require('./fake-auth0/storage')

const allIds = (server) => server.logs.map((log) => log._id)

test('hands every log once, in order, in batches of batchSize, and saves the checkpoint after each', async (t) => {
  const server = await fakeAuth0(t, { count: 250 })
  const storage = memoryStorage({ mine: 'kept' })
  const handler = recordingHandler()
  const result = await new LogsProcessor(storage, credentials(server, { batchSize: 100 })).run(handler)

  assert.deepEqual(handler.ids(), allIds(server))
  assert.deepEqual(handler.batches.map((batch) => batch.length), [100, 100, 50])
  assert.deepEqual(servedIds(server), allIds(server))
  const last = server.logs[249]._id
  assert.equal(result.checkpoint, last)
  assert.equal(result.status.logsProcessed, 250)
  assert.equal(result.status.error, undefined)
  assert.ok(result.status.start instanceof Date && result.status.end instanceof Date)
  const checkpoints = storage.writes.map((data) => data.checkpointId).filter(Boolean)
  assert.deepEqual([...new Set(checkpoints)], [server.logs[99]._id, server.logs[199]._id, last])
  const data = storage.data
  assert.equal(data.mine, 'kept')
  assert.equal(data.checkpointId, last)
  assert.equal(data.logs.length, 1)
  assert.equal(data.logs[0].checkpoint, last)
  assert.equal(typeof data.logs_access_token.token, 'string')
  // Pages of at most 100, the first by page, the rest from the checkpoint.
  const queries = server.logRequests().map((request) => request.query)
  assert.deepEqual(queries[0], { per_page: '100', page: '0', sort: 'date:1' })
  assert.deepEqual(queries[1], { take: '100', from: server.logs[99]._id, sort: 'date:1' })
})

test('a callback-style handler works and the next run continues from the checkpoint', async (t) => {
  const server = await fakeAuth0(t, { count: 30 })
  const storage = memoryStorage()
  const seen = []
  const handler = (logs, callback) => {
    seen.push(...logs.map((log) => log._id))
    setImmediate(callback)
  }
  await new LogsProcessor(storage, credentials(server, { batchSize: 7 })).run(handler)
  assert.deepEqual(seen, allIds(server))

  const more = makeLogs(40).slice(30)
  server.logs.push(...more)
  server.jsonOf.push(...more.map((log) => JSON.stringify(log)))
  const second = recordingHandler()
  const result = await new LogsProcessor(storage, credentials(server, { batchSize: 7 })).run(second)
  assert.deepEqual(second.ids(), more.map((log) => log._id))
  assert.equal(result.status.startCheckpoint, server.logs[29]._id)
  assert.equal(storage.data.logs.length, 2)
})

test('a token request that fails ends the run with status.error, never hanging', async (t) => {
  const server = await fakeAuth0(t, { count: 5 })
  server.faultPlan = (target) => (target === 'token' ? 'status500' : undefined)
  const storage = memoryStorage()
  const handler = recordingHandler()
  const result = await new LogsProcessor(storage, credentials(server, { maxRetries: 2 })).run(handler)
  assert.ok(result.status.error instanceof ManagementApiError)
  assert.equal(result.status.error.status, 500)
  assert.equal(server.tokenRequests().length, 1 + 2, 'retried as a transient failure, then given up')
  assert.equal(server.logRequests().length, 0)
  assert.deepEqual(handler.ids(), [])
  assert.equal(storage.data.logs[0].error.status, 500)
  assert.equal(storage.data.checkpointId, null)
})

test('a bad secret ends the run with an unauthorized error that does not echo the secret', async (t) => {
  const server = await fakeAuth0(t, { count: 5 })
  const result = await new LogsProcessor(memoryStorage(), credentials(server, { clientSecret: 'wrong-secret' })).run(recordingHandler())
  assert.equal(result.status.error.name, 'ManagementApiError')
  assert.equal(result.status.error.code, 'unauthorized')
  assert.equal(result.status.error.message, 'Invalid credentials for test-client')
  assert.equal(result.status.error.status, 401)
  assert.equal(server.tokenRequests()[0].body.client_secret, '[received]')
  assert.ok(!JSON.stringify(result).includes('wrong-secret'))
})

test('an unreachable API ends the run with a network error', async (t) => {
  const server = await fakeAuth0(t, { count: 5 })
  const options = credentials(server, { maxRetries: 1 })
  await server.close()
  const result = await new LogsProcessor(memoryStorage(), options).run(recordingHandler())
  assert.equal(result.status.error.code, 'network_error')
})

test('a 401 with a cached token clears it, fetches a new one and continues', async (t) => {
  const server = await fakeAuth0(t, { count: 20 })
  const storage = memoryStorage()
  await new LogsProcessor(storage, credentials(server, { batchSize: 10 })).run(recordingHandler())
  const firstToken = storage.data.logs_access_token.token
  const more = makeLogs(30).slice(20)
  server.logs.push(...more)
  server.jsonOf.push(...more.map((log) => JSON.stringify(log)))
  server.expireTokens()

  const handler = recordingHandler()
  const result = await new LogsProcessor(storage, credentials(server, { batchSize: 10 })).run(handler)
  assert.equal(result.status.error, undefined)
  assert.deepEqual(handler.ids(), more.map((log) => log._id))
  assert.equal(server.tokensIssued, 2)
  const secondRun = server.requests.slice(server.requests.findIndex((request) => request.authorization === `Bearer ${firstToken}` && request.answer === 401))
  assert.deepEqual(secondRun.slice(0, 3).map((request) => [request.path, request.answer]), [
    ['/api/v2/logs', 401],
    ['/oauth/token', 200],
    ['/api/v2/logs', 200],
  ])
  assert.notEqual(storage.data.logs_access_token.token, firstToken)
})

test('a 403 clears the stored token and ends the run with a ManagementApiError', async (t) => {
  const server = await fakeAuth0(t, { count: 5 })
  server.inject('logs', 'forbidden')
  const storage = memoryStorage()
  const result = await new LogsProcessor(storage, credentials(server)).run(recordingHandler())
  assert.equal(result.status.error.name, 'ManagementApiError')
  assert.equal(result.status.error.status, 403)
  assert.equal(result.status.error.code, 'Forbidden')
  assert.equal(storage.data.logs_access_token, null)
})

test('a failing handler is retried with the same batch; then the run stops before it, and the next run hands it again', async (t) => {
  const server = await fakeAuth0(t, { count: 25 })
  const storage = memoryStorage()
  const calls = []
  const failing = async (logs) => {
    calls.push(logs.map((log) => log._id))
    if (calls.length > 1) throw new Error('the sink is down')
  }
  const result = await new LogsProcessor(storage, credentials(server, { batchSize: 10, maxRetries: 3 })).run(failing)
  assert.equal(calls.length, 1 + 4)
  for (const call of calls.slice(2)) assert.deepEqual(call, calls[1])
  assert.match(result.status.error.message, /the sink is down/)
  assert.equal(result.status.logsProcessed, 10)
  assert.equal(result.checkpoint, server.logs[9]._id)
  assert.equal(storage.data.checkpointId, server.logs[9]._id)

  const handler = recordingHandler()
  const next = await new LogsProcessor(storage, credentials(server, { batchSize: 10 })).run(handler)
  assert.deepEqual(handler.batches[0], calls[1])
  assert.deepEqual([...calls[0], ...handler.ids()], allIds(server))
  assert.equal(next.status.error, undefined)
})

test('skipFailedBatches restores the upstream behaviour: the checkpoint moves past the failed batch', async (t) => {
  const server = await fakeAuth0(t, { count: 20 })
  const storage = memoryStorage()
  const result = await new LogsProcessor(storage, credentials(server, { batchSize: 10, maxRetries: 1, skipFailedBatches: true })).run(async () => {
    throw new Error('nope')
  })
  assert.ok(result.status.error)
  assert.equal(result.checkpoint, server.logs[9]._id)
  assert.equal(result.status.logsProcessed, 0)
})

test('rate limit: a spent budget and 429s wait for the reset and continue, without error', async (t) => {
  const server = await fakeAuth0(t, { count: 500, rateLimit: { limit: 2, windowSeconds: 1 } })
  server.inject('logs', 'tooManyRequests', 1)
  const handler = recordingHandler()
  const result = await new LogsProcessor(memoryStorage(), credentials(server, { batchSize: 100, maxRunTimeSeconds: 30 })).run(handler)
  assert.deepEqual(handler.ids(), allIds(server))
  assert.equal(result.status.error, undefined)
  assert.notEqual(result.status.warning, 'Auth0 Management API rate limit reached.')
  assert.ok(server.logRequests().some((request) => request.answer === 'tooManyRequests'))
  // remaining reached 0 and the client waited instead of asking (no 429 from the budget).
  assert.ok(server.logRequests().every((request) => request.answer !== 429))
})

test('rate limit with no time left to wait ends the run with the upstream warning', async (t) => {
  const server = await fakeAuth0(t, { count: 300, rateLimit: { limit: 1, windowSeconds: 60 } })
  const handler = recordingHandler()
  const storage = memoryStorage()
  const result = await new LogsProcessor(storage, credentials(server, { batchSize: 100, maxRunTimeSeconds: 5 })).run(handler)
  assert.equal(result.status.warning, 'Auth0 Management API rate limit reached.')
  assert.equal(result.status.error, undefined)
  assert.deepEqual(handler.ids(), allIds(server).slice(0, 100))
  assert.equal(result.checkpoint, server.logs[99]._id)
  assert.equal(server.logRequests().length, 1)
})

test('transient 5xx and cut connections are retried, with a retry budget per request', async (t) => {
  const server = await fakeAuth0(t, { count: 1000 })
  // Every request fails twice (500, then a cut connection) before it succeeds.
  server.faultPlan = (target, number) => (target === 'logs' && number % 3 !== 2 ? (number % 3 === 0 ? 'status500' : 'cut') : undefined)
  const handler = recordingHandler()
  const result = await new LogsProcessor(memoryStorage(), credentials(server, { batchSize: 100, maxRetries: 2 })).run(handler)
  assert.equal(result.status.error, undefined)
  assert.deepEqual(handler.ids(), allIds(server))
  const answers = server.logRequests().map((request) => request.answer)
  assert.ok(answers.filter((answer) => answer !== 200).length >= 20)
})

test('malformed JSON and an HTML 200 page are errors, never the end of the logs', async (t) => {
  for (const fault of ['malformed', 'html']) {
    const server = await fakeAuth0(t, { count: 30 })
    server.faultPlan = (target, number) => (target === 'logs' && number >= 1 ? fault : undefined)
    const storage = memoryStorage()
    const result = await new LogsProcessor(storage, credentials(server, { batchSize: 10, maxRetries: 2 })).run(recordingHandler())
    assert.equal(result.status.error.code, 'invalid_response', fault)
    assert.equal(result.checkpoint, server.logs[9]._id, fault)

    server.faultPlan = null
    const handler = recordingHandler()
    await new LogsProcessor(storage, credentials(server, { batchSize: 10 })).run(handler)
    assert.deepEqual(handler.ids(), allIds(server).slice(10), fault)
  }
})

test('one malformed answer is retried and the run completes', async (t) => {
  const server = await fakeAuth0(t, { count: 30 })
  server.inject('logs', 'malformed')
  server.inject('logs', 'html')
  const handler = recordingHandler()
  const result = await new LogsProcessor(memoryStorage(), credentials(server, { batchSize: 10 })).run(handler)
  assert.equal(result.status.error, undefined)
  assert.deepEqual(handler.ids(), allIds(server))
})

test('a stalled response times out and is retried', async (t) => {
  const server = await fakeAuth0(t, { count: 30 })
  server.inject('logs', 'stall')
  const handler = recordingHandler()
  const result = await new LogsProcessor(memoryStorage(), credentials(server, { batchSize: 10, timeoutMs: 200 })).run(handler)
  assert.equal(result.status.error, undefined)
  assert.deepEqual(handler.ids(), allIds(server))
  assert.equal(server.logRequests()[0].answer, 'stall')
})

test('a response that keeps stalling cannot hold the run past maxRunTimeSeconds', async (t) => {
  const server = await fakeAuth0(t, { count: 30 })
  server.faultPlan = (target) => (target === 'logs' ? 'stall' : undefined)
  const storage = memoryStorage()
  const result = await new LogsProcessor(storage, credentials(server, { maxRunTimeSeconds: 1, timeoutMs: 60_000 })).run(recordingHandler())
  assert.equal(result.status.error.code, 'timeout')
  assert.equal(result.checkpoint, null)
})

test('logTypes are filtered client-side on checkpoint pages and the checkpoint moves past emptied pages', async (t) => {
  // Only every 150th log is a signup: most checkpoint pages hold none.
  const types = (index) => (index % 150 === 149 ? 'ss' : 's')
  const server = await fakeAuth0(t, { count: 620, logOptions: { types } })
  const storage = memoryStorage({ checkpointId: server.logs[0]._id })
  const handler = recordingHandler()
  const result = await new LogsProcessor(storage, credentials(server, { batchSize: 2, logTypes: ['ss'] })).run(handler)
  const signups = server.logs.filter((log) => log.type === 'ss').map((log) => log._id)
  assert.deepEqual(handler.ids(), signups)
  assert.deepEqual(handler.batches.map((batch) => batch.length), [2, 2])
  for (const request of server.logRequests()) {
    assert.equal(request.query.take, '100')
    assert.equal(request.query.q, 'type:ss')
  }
  assert.equal(result.checkpoint, server.logs[619]._id)
  assert.equal(storage.data.checkpointId, server.logs[619]._id)
})

test('logLevel adds every type at or above it', async (t) => {
  const types = (index) => ['s', 'fp', 'w', 'seacft'][index % 4]
  const server = await fakeAuth0(t, { count: 40, logOptions: { types } })
  const handler = recordingHandler()
  await new LogsProcessor(memoryStorage(), credentials(server, { batchSize: 100, logTypes: ['s'], logLevel: 3 })).run(handler)
  const kept = server.logs.filter((log) => log.type === 's' || log.type === 'fp').map((log) => log._id)
  assert.deepEqual(handler.ids(), kept)
  assert.match(server.logRequests()[0].query.q, /^type:s OR type:/)
})

test('startFrom replaces the stored checkpoint once', async (t) => {
  const server = await fakeAuth0(t, { count: 30 })
  const storage = memoryStorage({ checkpointId: server.logs[5]._id })
  const handler = recordingHandler()
  await new LogsProcessor(storage, credentials(server, { startFrom: server.logs[19]._id })).run(handler)
  assert.deepEqual(handler.ids(), allIds(server).slice(20))
  assert.equal(storage.data.startFrom, server.logs[19]._id)
})

test('a warning when the last processed log is more than a week old, none for fresh logs', async (t) => {
  const old = await fakeAuth0(t, { count: 3 })
  const stale = await new LogsProcessor(memoryStorage(), credentials(old)).run(recordingHandler())
  assert.match(stale.status.warning, /^Logs are outdated more than for week/)
  const fresh = await fakeAuth0(t, { count: 3, logOptions: { startMs: Date.now() - 60_000 } })
  const recent = await new LogsProcessor(memoryStorage(), credentials(fresh)).run(recordingHandler())
  assert.equal(recent.status.warning, undefined)
})

test('getReport sums the stored runs between two dates', async (t) => {
  const server = await fakeAuth0(t, { count: 12 })
  const storage = memoryStorage()
  const from = new Date()
  await new LogsProcessor(storage, credentials(server, { batchSize: 5 })).run(recordingHandler())
  server.inject('logs', 'forbidden')
  const more = makeLogs(14).slice(12)
  server.logs.push(...more)
  server.jsonOf.push(...more.map((log) => JSON.stringify(log)))
  await new LogsProcessor(storage, credentials(server)).run(recordingHandler())
  const report = await new LogsProcessor(storage, credentials(server)).getReport(from, new Date(Date.now() + 1000))
  assert.deepEqual(report, { type: 'report', processed: 12, warnings: 1, errors: 1, checkpoint: server.logs[11]._id })
  const none = await new LogsProcessor(storage, credentials(server)).getReport(new Date(Date.now() + 5000))
  assert.equal(none.processed, 0)
})

test('options are checked with the upstream messages', async () => {
  assert.throws(() => new LogsProcessor({}), { name: 'ArgumentError', message: 'Must provide an options object' })
  assert.throws(() => new LogsProcessor(null, {}), { name: 'ArgumentError', message: 'The storageContext is required' })
  await assert.rejects(new LogsProcessor(memoryStorage(), { domain: 'x', clientId: 'y' }).run(() => {}), {
    name: 'ArgumentError',
    message: 'Must provide a valid clientSecret',
  })
})

test('the defaults (one source, in Rust) show in options and rule the run', async (t) => {
  const server = await fakeAuth0(t, { count: 150 })
  const processor = new LogsProcessor(memoryStorage(), credentials(server))
  assert.deepEqual(
    [processor.options.batchSize, processor.options.maxRetries, processor.options.maxRunTimeSeconds],
    [100, 5, 22],
  )
  const handler = recordingHandler()
  await new LogsProcessor(memoryStorage(), { ...credentials(server), batchSize: undefined }).run(handler)
  assert.deepEqual(handler.batches.map((batch) => batch.length), [100, 50])
})
