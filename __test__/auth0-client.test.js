'use strict'
// LogsApiClient against the fake Management API: validation, tokens, the token cache, getLogs.
const assert = require('node:assert/strict')
const { test } = require('node:test')

const { LogsApiClient, ArgumentError, ManagementApiError } = require('..')
const { fakeAuth0, credentials } = require('./fake-auth0/harness')

test('options are checked with the upstream messages; the secret is never echoed', () => {
  const cases = [
    [undefined, 'Must provide an options object'],
    [{}, 'Must provide a valid domain'],
    [{ domain: '' }, 'The provided domain is invalid: '],
    [{ domain: 42 }, 'The provided domain is invalid: 42'],
    [{ domain: 'd' }, 'Must provide a valid clientId'],
    [{ domain: 'd', clientId: '' }, 'The provided clientId is invalid: '],
    [{ domain: 'd', clientId: 'c' }, 'Must provide a valid clientSecret'],
    [{ domain: 'd', clientId: 'c', clientSecret: 12345 }, 'The provided clientSecret is invalid: [redacted]'],
  ]
  for (const [options, message] of cases) {
    assert.throws(() => new LogsApiClient(options), (error) => {
      assert.ok(error instanceof ArgumentError && error instanceof Error)
      assert.equal(error.name, 'ArgumentError')
      assert.equal(error.message, message)
      return true
    })
  }
})

test('getAccessToken posts the client credentials and returns the token with its expiry', async (t) => {
  const server = await fakeAuth0(t, { tokenLifetimeSeconds: 3600 })
  const before = Date.now()
  const token = await new LogsApiClient(credentials(server)).getAccessToken()
  assert.ok(server.tokens.has(token.token))
  assert.ok(token.expiresAt >= before + 3600_000 && token.expiresAt <= Date.now() + 3600_000)
  assert.deepEqual(server.tokenRequests()[0].body, {
    audience: `${server.domain}/api/v2/`,
    client_id: 'test-client',
    client_secret: '[received]',
    grant_type: 'client_credentials',
  })
})

test('token errors: 401 → unauthorized, error bodies → their code, no token → unknown_error', async (t) => {
  const server = await fakeAuth0(t)
  await assert.rejects(new LogsApiClient(credentials(server, { clientSecret: 'bad' })).getAccessToken(), (error) => {
    assert.ok(error instanceof ManagementApiError)
    assert.deepEqual([error.name, error.code, error.message, error.status], ['ManagementApiError', 'unauthorized', 'Invalid credentials for test-client', 401])
    return true
  })
  const elsewhere = { ...credentials(server), domain: `http://localhost:${server.port}` }
  await assert.rejects(new LogsApiClient(elsewhere).getAccessToken(), {
    code: 'access_denied',
    message: `Service not found: http://localhost:${server.port}/api/v2/`,
    status: 403,
  })
  server.inject('token', 'html')
  await assert.rejects(new LogsApiClient(credentials(server)).getAccessToken(), { code: 'unknown_error', status: 200 })
})

test('getAccessTokenCached uses a cached token with more than 10 s left, else fetches and stores one', async (t) => {
  const server = await fakeAuth0(t)
  const stored = []
  let cached = { token: 'cached-token', expiresAt: Date.now() + 60_000 }
  const tokenCache = {
    getToken: async () => cached,
    setToken: async (token) => {
      stored.push(token)
    },
  }
  assert.deepEqual(await new LogsApiClient(credentials(server, { tokenCache })).getAccessTokenCached(), cached)
  assert.equal(server.tokenRequests().length, 0)

  cached = { token: 'almost-expired', expiresAt: Date.now() + 9_000 }
  const fresh = await new LogsApiClient(credentials(server, { tokenCache })).getAccessTokenCached()
  assert.notEqual(fresh.token, 'almost-expired')
  assert.equal(server.tokenRequests().length, 1)
  assert.deepEqual(stored, [fresh])
})

test('getLogs sends the params as a query string with the token and returns logs and limits', async (t) => {
  const server = await fakeAuth0(t, { count: 30 })
  const client = new LogsApiClient(credentials(server))
  const { logs, limits } = await client.getLogs({ take: 5, from: server.logs[2]._id, q: 'type:s', fields: 'date,type', include_fields: true })
  assert.deepEqual(logs, server.logs.slice(3, 8))
  assert.deepEqual(Object.keys(limits), ['limit', 'remaining', 'reset'])
  const request = server.logRequests()[0]
  assert.deepEqual(request.query, { take: '5', from: server.logs[2]._id, q: 'type:s', fields: 'date,type', include_fields: 'true' })
  assert.match(request.authorization, /^Bearer .+/)
  await client.getLogs({ per_page: 2, page: 1, sort: 'date:-1' })
  assert.equal(server.tokenRequests().length, 1, 'the token is reused')
})

test('getLogs: 403 clears the cached token and rejects; a 401 with a cached token renews it', async (t) => {
  const server = await fakeAuth0(t, { count: 3 })
  const calls = []
  let cached = null
  const tokenCache = {
    getToken: async () => cached,
    setToken: async (token) => {
      calls.push(token === null ? null : 'token')
      cached = token
    },
  }
  const client = new LogsApiClient(credentials(server, { tokenCache }))
  await client.getLogs({ per_page: 1 })
  server.inject('logs', 'forbidden')
  await assert.rejects(client.getLogs({ per_page: 1 }), {
    name: 'ManagementApiError',
    code: 'Forbidden',
    message: 'Insufficient scope, expected any of: read:logs',
    status: 403,
  })
  assert.deepEqual(calls, ['token', null])

  await client.getLogs({ per_page: 1 })
  server.expireTokens()
  const { logs } = await client.getLogs({ per_page: 3 })
  assert.equal(logs.length, 3)
  assert.deepEqual(calls, ['token', null, 'token', null, 'token'])
  assert.equal(server.tokensIssued, 3)
})

test('getLogs: malformed JSON or an HTML page is an invalid_response error, not an empty page', async (t) => {
  const server = await fakeAuth0(t, { count: 3 })
  const client = new LogsApiClient(credentials(server))
  for (const fault of ['malformed', 'html']) {
    server.inject('logs', fault)
    await assert.rejects(client.getLogs({ per_page: 3 }), { name: 'ManagementApiError', code: 'invalid_response', status: 200 })
  }
  server.inject('logs', 'cut')
  await assert.rejects(client.getLogs({ per_page: 3 }), { code: 'network_error' })
})

/** A shared token cache in memory that counts its calls. */
function countingCache(initial = null) {
  const cache = {
    token: initial,
    gets: 0,
    sets: [],
    async getToken() {
      cache.gets++
      return cache.token
    },
    async setToken(token) {
      cache.sets.push(token)
      cache.token = token
    },
  }
  return cache
}

const bearer = (request) => request.authorization.replace(/^Bearer /, '')

test('with a tokenCache, getToken() is asked before every request and the token endpoint only when it has no fresh token', async (t) => {
  const server = await fakeAuth0(t, { count: 10 })
  const cache = countingCache()
  const client = new LogsApiClient(credentials(server, { tokenCache: cache }))
  for (let request = 0; request < 3; request++) await client.getLogs({ per_page: 2 })
  assert.equal(cache.gets, 3)
  assert.equal(server.tokenRequests().length, 1)
  assert.equal(cache.sets.length, 1)
  assert.deepEqual(
    server.logRequests().map(bearer),
    [1, 2, 3].map(() => cache.sets[0].token),
  )
})

test('a token another process put in the shared cache is used from the next request on', async (t) => {
  const server = await fakeAuth0(t, { count: 10 })
  const cache = countingCache()
  const client = new LogsApiClient(credentials(server, { tokenCache: cache }))
  await client.getLogs({ per_page: 2 })
  const first = cache.token.token
  // Another process renews the token and stores it in the cache both share.
  const other = await new LogsApiClient(credentials(server)).getAccessToken()
  cache.token = other
  await client.getLogs({ per_page: 2 })
  await client.getLogs({ per_page: 2 })
  assert.notEqual(other.token, first)
  assert.deepEqual(server.logRequests().map(bearer), [first, other.token, other.token])
  assert.equal(server.tokenRequests().length, 2, 'one by this client, one by the other process')
  assert.deepEqual(cache.sets.length, 1)
})

test('a cached token with less than 10 s left is replaced (setToken) before the request; one with more is used', async (t) => {
  const server = await fakeAuth0(t, { count: 10 })
  const issued = await new LogsApiClient(credentials(server)).getAccessToken()
  const cache = countingCache({ token: issued.token, expiresAt: Date.now() + 11_000 })
  const client = new LogsApiClient(credentials(server, { tokenCache: cache }))
  await client.getLogs({ per_page: 1 })
  assert.equal(bearer(server.logRequests()[0]), issued.token)
  assert.equal(cache.sets.length, 0)

  cache.token = { token: issued.token, expiresAt: Date.now() + 9_000 }
  await client.getLogs({ per_page: 1 })
  assert.equal(cache.sets.length, 1)
  const renewed = cache.sets[0]
  assert.notEqual(renewed.token, issued.token)
  assert.ok(renewed.expiresAt > Date.now() + 3600_000)
  assert.equal(bearer(server.logRequests()[1]), renewed.token)
  assert.equal(server.tokenRequests().length, 2)
})

test('without a tokenCache the client keeps its token in memory', async (t) => {
  const server = await fakeAuth0(t, { count: 10 })
  const client = new LogsApiClient(credentials(server))
  for (let request = 0; request < 3; request++) await client.getLogs({ per_page: 2 })
  assert.equal(server.tokenRequests().length, 1)
  assert.equal(new Set(server.logRequests().map(bearer)).size, 1)
})

test('what a cache holds that is not a token counts as no token', async (t) => {
  const server = await fakeAuth0(t, { count: 3 })
  for (const held of ['a string', { token: 42, expiresAt: Date.now() + 60_000 }, { token: 't', expiresAt: 'soon' }]) {
    const cache = countingCache(held)
    const token = await new LogsApiClient(credentials(server, { tokenCache: cache })).getAccessTokenCached()
    assert.ok(server.tokens.has(token.token))
    assert.deepEqual(cache.sets, [token])
  }
})

test('the callbacks the native cores hold never keep Node alive, and a logger that throws is ignored', async (t) => {
  const { execFile } = require('node:child_process')
  const server = await fakeAuth0(t, { count: 10 })
  const script = `
    const { LogsApiClient, LogsApiStream } = require(${JSON.stringify(require('node:path').join(__dirname, '..'))})
    let cached = null
    const tokenCache = { getToken: async () => cached, setToken: async (token) => { cached = token } }
    const logger = { debug() { throw new Error('a broken logger') }, info() {}, error() {} }
    const options = { domain: process.argv[1], clientId: 'test-client', clientSecret: 'test-secret', tokenCache }
    new LogsApiClient(options).getLogs({ per_page: 1 }).then(({ logs }) => {
      const stream = new LogsApiStream({ ...options, logger })
      stream.once('data', (page) => console.log(logs.length + page.logs.length))
      stream.next(2)
    })
  `
  const started = Date.now()
  const output = await new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script, server.domain], { timeout: 10_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim()),
    )
  })
  assert.equal(output, '3')
  assert.ok(Date.now() - started < 8_000)
})
