'use strict'
// One error convention for both APIs (lib/errors.js, src/node/errors.rs): every error path of
// event ingestion and of the Auth0 log tools reaches the user as its public class with a
// `code` and a plain message — never a serialized description, never a secret.
const assert = require('node:assert/strict')
const fs = require('node:fs')
const http = require('node:http')
const { once } = require('node:events')
const { test } = require('node:test')

const auth = require('..')
const { LogsApiClient, LogsApiStream, LogsProcessor, ArgumentError, ManagementApiError, createEventStoreHandler } = auth
const { fakeAuth0, credentials, recordingHandler } = require('./fake-auth0/harness')
const { memoryStorage } = require('./fake-auth0/storage')
const { tempFile } = require('./helpers/temp')

const SECRETS = ['test-secret', 'wrong-secret']

/** Asserts the public shape of an error: class, name, code, status and message. */
function assertPublic(error, { type, code, status, message }) {
  assert.ok(error instanceof type, `${error?.constructor?.name}: ${error?.message}`)
  assert.equal(error.name, type.name)
  assert.equal(error.code, code)
  if (status !== undefined) assert.equal(error.status, status)
  if (message instanceof RegExp) assert.match(error.message, message)
  else assert.equal(error.message, message)
  assert.ok(!error.message.startsWith('{'), error.message)
  assert.ok(!error.message.includes('\u001f'), error.message)
  for (const secret of SECRETS) assert.ok(!error.message.includes(secret), error.message)
}

async function rejection(promise) {
  try {
    await promise
  } catch (error) {
    return error
  }
  assert.fail('expected a rejection')
}

function thrown(call) {
  try {
    call()
  } catch (error) {
    return error
  }
  assert.fail('expected a throw')
}

// --- Auth0: bad arguments -------------------------------------------------------------------

test('Auth0 bad arguments: ArgumentError, code invalid_argument, status 400', async () => {
  const cases = [
    [() => new LogsApiClient(), 'Must provide an options object'],
    [() => new LogsApiClient({ domain: 'd', clientId: 'c', clientSecret: 42 }), 'The provided clientSecret is invalid: [redacted]'],
    [() => new LogsApiStream({ domain: '' }), 'The provided domain is invalid: '],
    [() => new LogsProcessor(null, {}), 'The storageContext is required'],
  ]
  for (const [call, message] of cases) {
    assertPublic(thrown(call), { type: ArgumentError, code: 'invalid_argument', status: 400, message })
  }
  const processor = new LogsProcessor(memoryStorage(), { domain: 'd', clientId: 'c', clientSecret: 's' })
  assertPublic(await rejection(processor.run('not a function')), {
    type: ArgumentError,
    code: 'invalid_argument',
    message: 'Must provide a handler function',
  })
})

test('Auth0 native argument errors: the event-store bridge refuses what is not an Auth0 log', async () => {
  const handler = createEventStoreHandler({ provider: { ingest: async () => {} } })
  assertPublic(await rejection(handler([{ _id: '1', type: 's', date: 'yesterday' }])), {
    type: ArgumentError,
    code: 'invalid_argument',
    message: 'the Auth0 log 1 has no valid date',
  })
})

test('the event-store bridge without event ingestion: Error not_initialized', async () => {
  assertPublic(await rejection(createEventStoreHandler()([])), {
    type: Error,
    code: 'not_initialized',
    message: 'Event ingestion is not initialized: call initializeEventIngestion() first, or pass { provider }',
  })
})

test('every error name the addon defines (ErrorName) becomes the public class of that name', () => {
  const { ErrorName } = require('../binding.js')
  const { publicError, fromNative } = require('../lib/errors')
  const classes = { TypeError, ArgumentError, ManagementApiError, Error }
  assert.deepEqual(Object.values(ErrorName).sort(), Object.keys(classes).sort())
  for (const name of Object.values(ErrorName)) {
    const error = publicError({ name, code: 'some_code', message: 'm', status: 418 })
    assert.equal(error.constructor, classes[name])
    assert.equal(error.code, 'some_code')
  }
  for (const message of ['plain', 'inside: \u001f', '\u001fNoSuchClass\u001fc\u001f\u001fm', '\u001fError\u001ftoo\u001ffew']) {
    const foreign = new Error(message)
    assert.equal(fromNative(foreign), foreign, JSON.stringify(message))
  }
  const decoded = fromNative(new Error('\u001fManagementApiError\u001fForbidden\u001f403\u001fNo'))
  assert.deepEqual([decoded.constructor, decoded.code, decoded.status, decoded.message], [ManagementApiError, 'Forbidden', 403, 'No'])
  assert.equal(fromNative(undefined), undefined)
})

// --- Auth0: token failures ------------------------------------------------------------------

test('Auth0 token failures, thrown (getAccessToken) and returned (a run status.error)', async (t) => {
  const server = await fakeAuth0(t, { count: 3 })
  const bad = credentials(server, { clientSecret: 'wrong-secret' })
  const unauthorized = { type: ManagementApiError, code: 'unauthorized', status: 401, message: 'Invalid credentials for test-client' }
  assertPublic(await rejection(new LogsApiClient(bad).getAccessToken()), unauthorized)
  const run = await new LogsProcessor(memoryStorage(), bad).run(recordingHandler())
  assertPublic(run.status.error, unauthorized)

  server.inject('token', 'status500')
  assertPublic(await rejection(new LogsApiClient(credentials(server)).getAccessToken()), {
    type: ManagementApiError,
    code: 'Internal Server Error',
    status: 500,
    message: 'Internal error',
  })
  server.inject('token', 'html')
  assertPublic(await rejection(new LogsApiClient(credentials(server)).getAccessTokenCached()), {
    type: ManagementApiError,
    code: 'unknown_error',
    status: 200,
    message: /^Unknown error from Management API or no access_token was provided: <!DOCTYPE html>/,
  })
})

test('Auth0 tokenCache failures: a cache that throws (even synchronously) is an Error callback_failed', async (t) => {
  const server = await fakeAuth0(t, { count: 3 })
  const throwing = {
    getToken() {
      throw new Error('the cache is gone')
    },
    setToken: async () => {},
  }
  const client = new LogsApiClient(credentials(server, { tokenCache: throwing }))
  assertPublic(await rejection(client.getLogs({ per_page: 1 })), {
    type: Error,
    code: 'callback_failed',
    message: 'tokenCache.getToken() failed: the cache is gone',
  })
  const refusing = {
    getToken: async () => null,
    setToken: async () => {
      throw new Error('read-only cache')
    },
  }
  assertPublic(await rejection(new LogsApiClient(credentials(server, { tokenCache: refusing })).getAccessTokenCached()), {
    type: Error,
    code: 'callback_failed',
    message: 'tokenCache.setToken() failed: read-only cache',
  })
})

// --- Auth0: 4xx / 5xx and lost answers from the Management API -------------------------------

test('Auth0 Management API answers: 403, 429, 5xx, invalid bodies, timeouts, network', async (t) => {
  const server = await fakeAuth0(t, { count: 5 })
  const client = new LogsApiClient(credentials(server, { timeoutMs: 300 }))
  const cases = [
    ['forbidden', { code: 'Forbidden', status: 403, message: 'Insufficient scope, expected any of: read:logs' }],
    ['tooManyRequests', { code: 'too_many_requests', status: 429, message: 'Auth0 Management API rate limit reached.' }],
    ['status500', { code: 'Internal Server Error', status: 500, message: 'Internal error' }],
    ['status503', { code: 'unknown_error', status: 503, message: 'Unknown error from Management API: <html><body>Service Unavailable</body></html>' }],
    ['html', { code: 'invalid_response', status: 200, message: /^Unexpected response from the Management API: the body is not a JSON array of logs/ }],
    ['stall', { code: 'timeout', status: null, message: 'The request to the Management API timed out' }],
    ['cut', { code: 'network_error', status: null, message: /^The request to the Management API failed/ }],
  ]
  for (const [fault, expected] of cases) {
    server.inject('logs', fault)
    assertPublic(await rejection(client.getLogs({ per_page: 1 })), { type: ManagementApiError, ...expected })
  }
})

test('Auth0 stream errors are emitted as the public class', async (t) => {
  const server = await fakeAuth0(t, { count: 5 })
  server.faultPlan = (target) => (target === 'logs' ? 'forbidden' : undefined)
  const stream = new LogsApiStream(credentials(server))
  stream.next(5)
  const [error] = await once(stream, 'error')
  assertPublic(error, { type: ManagementApiError, code: 'Forbidden', status: 403, message: 'Insufficient scope, expected any of: read:logs' })
})

test('Auth0 run errors: an unreachable API, a failing handler', async (t) => {
  const server = await fakeAuth0(t, { count: 5 })
  const options = credentials(server, { maxRetries: 0 })
  const failing = await new LogsProcessor(memoryStorage(), options).run(async () => {
    throw new Error('the sink is down')
  })
  assertPublic(failing.status.error, { type: Error, code: 'callback_failed', message: 'The handler failed: the sink is down' })
  await server.close()
  const unreachable = await new LogsProcessor(memoryStorage(), options).run(recordingHandler())
  assertPublic(unreachable.status.error, { type: ManagementApiError, code: 'network_error', status: null, message: /^The request to the Management API failed/ })
})

// --- Auth0: storage failures and getReport on a corrupt history -------------------------------

test('Auth0 storage failures reject the run with an Error callback_failed', async (t) => {
  const server = await fakeAuth0(t, { count: 5 })
  const unreadable = { read: async () => Promise.reject(new Error('disk gone')), write: async () => {} }
  assertPublic(await rejection(new LogsProcessor(unreadable, credentials(server)).run(recordingHandler())), {
    type: Error,
    code: 'callback_failed',
    message: 'storageContext.read() failed: disk gone',
  })
  const unwritable = {
    read: async () => ({}),
    write() {
      throw new Error('disk full')
    },
  }
  assertPublic(await rejection(new LogsProcessor(unwritable, credentials(server)).run(recordingHandler())), {
    type: Error,
    code: 'callback_failed',
    message: 'storageContext.write() failed: disk full',
  })
})

test('getReport on a corrupt history is an ArgumentError saying what is wrong', async () => {
  const options = { domain: 'd', clientId: 'c', clientSecret: 's' }
  const cases = [
    [{ logs: 'not a list' }, 'The stored run history is corrupt: logs is not an array'],
    [{ logs: [{ start: 0, end: 0, logsProcessed: 1 }, 7] }, 'The stored run history is corrupt: run 1 is not an object'],
    ['a string', 'The stored data is corrupt: it is not an object'],
  ]
  for (const [data, message] of cases) {
    const processor = new LogsProcessor({ read: async () => data, write: async () => {} }, options)
    assertPublic(await rejection(processor.getReport(0)), { type: ArgumentError, code: 'invalid_argument', status: 400, message })
  }
})

// --- Event ingestion --------------------------------------------------------------------------

test('ingestion bad configuration: TypeError, code invalid_config', async () => {
  const cases = [
    [{ tableName: 'bad name!' }, /^events\.tableName must be an SQL identifier/],
    [{ batchSize: 0 }, 'events.batchSize must be an integer >= 1, got 0'],
    [{ clientType: 'https', client: 'not a url' }, /^events\.client for clientType 'https' is not a valid URL/],
    [{ clientType: 'postgres', client: 'postgres://user:hunter2@127.0.0.1:1/db?sslmode=maybe' }, /^events\.client for clientType 'postgres'/],
  ]
  for (const [config, message] of cases) {
    const error = thrown(() => auth.initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: ':memory:', ...config }))
    assertPublic(error, { type: TypeError, code: 'invalid_config', message })
    assert.ok(!error.message.includes('hunter2'))
    assert.equal(auth.isEventIngestionInitialized(), false)
  }
})

const EVENT = {
  id: '0190a0a0-0000-7000-8000-000000000000',
  type: 'user.joined',
  timestamp: new Date(),
  status: 'success',
  metadata: {},
  source: 'app',
  display: { message: 'A user joined', severity: 'success' },
}

test('ingestion bad arguments and store failures of a native store', async (t) => {
  auth.initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: tempFile('events.db') })
  t.after(() => auth.shutdownEventIngestion())
  const provider = auth.getEventIngestionProvider()
  assertPublic(await rejection(provider.query({ limit: -1 })), {
    type: TypeError,
    code: 'invalid_argument',
    message: 'query.limit must be an integer from 1 to 10000, got -1',
  })
  assertPublic(await rejection(provider.query({ after: 'nonsense' })), {
    type: TypeError,
    code: 'invalid_argument',
    message: 'query.after is not a cursor from nextCursor: "nonsense"',
  })
  assertPublic(await rejection(provider.ingest({ ...EVENT, id: 1 })), {
    type: TypeError,
    code: 'invalid_argument',
    message: /^events: invalid type: integer `1`, expected a formatted UUID string/,
  })
  const queryCases = [
    [{ limit: '10' }, 'query.limit must be a number, got "10"'],
    [{ offset: true }, 'query.offset must be a number, got boolean true'],
    [{ userId: 7 }, 'query.userId must be a string, got number 7'],
    [{ sort: 'sideways' }, 'query.sort must be \'asc\' or \'desc\', got "sideways"'],
    [{ since: 'yesterday' }, /^query\.since: invalid timestamp: yesterday/],
  ]
  for (const [options, message] of queryCases) {
    assertPublic(await rejection(provider.query(options)), { type: TypeError, code: 'invalid_argument', message })
  }
  const cyclic = { ...EVENT, metadata: {} }
  cyclic.metadata.self = cyclic.metadata
  assertPublic(await rejection(provider.ingest(cyclic)), {
    type: TypeError,
    code: 'invalid_argument',
    message: 'a value nested more than 128 levels deep (a cycle?) cannot be written as JSON',
  })
  assertPublic(await rejection(provider.ingest({ ...EVENT, metadata: { big: 1n } })), {
    type: TypeError,
    code: 'invalid_argument',
    message: 'a BigInt cannot be written as JSON',
  })
  assert.equal(await provider.count(), 0)
  await auth.shutdownEventIngestion()

  const notDatabase = tempFile('not-a-database.db')
  fs.writeFileSync(notDatabase, 'plain text, not SQLite. '.repeat(200))
  auth.initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: notDatabase, timeoutMs: 500 })
  assertPublic(await rejection(auth.getEventIngestionProvider().count()), {
    type: Error,
    code: 'store_unavailable',
    message: `cannot open SQLite database ${notDatabase}: file is not a database`,
  })
})

test('ingestion store failures of an HTTPS endpoint: unreachable, and a refused batch', async (t) => {
  const refusing = http.createServer((req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' })
    res.end('{"error":"bad row"}')
  })
  refusing.listen(0, '127.0.0.1')
  await once(refusing, 'listening')
  t.after(() => refusing.close())
  t.after(() => auth.shutdownEventIngestion())

  auth.initializeEventIngestion({ enabled: true, clientType: 'https', client: 'http://127.0.0.1:1/events', timeoutMs: 500 })
  assertPublic(await rejection(auth.getEventIngestionProvider().ingest(EVENT)), {
    type: Error,
    code: 'store_unavailable',
    message: /^HTTPS endpoint http:\/\/127\.0\.0\.1:1\/events cannot be reached/,
  })
  await auth.shutdownEventIngestion()

  const url = `http://127.0.0.1:${refusing.address().port}/events`
  auth.initializeEventIngestion({ enabled: true, clientType: 'https', client: url, timeoutMs: 500 })
  assertPublic(await rejection(auth.getEventIngestionProvider().ingestBatch([EVENT])), {
    type: Error,
    code: 'store_rejected',
    message: `HTTPS endpoint ${url}: answered 400 Bad Request {"error":"bad row"}`,
  })
})
