'use strict'
// Shared set-up of the Auth0 tests: a fake Management API per test and client options that
// point at it with small retry delays and timeouts.
const { makeLogs } = require('./logs')
const { startFakeAuth0 } = require('./server')

/** Starts a fake API for one test (closed when the test ends). */
async function fakeAuth0(t, options = {}) {
  const server = await startFakeAuth0({ logs: makeLogs(options.count ?? 0, options.logOptions), ...options })
  t.after(() => server.close())
  return server
}

function credentials(server, extra = {}) {
  return {
    domain: server.domain,
    clientId: 'test-client',
    clientSecret: 'test-secret',
    retryBaseDelayMs: 1,
    timeoutMs: 2000,
    ...extra,
  }
}

/** A handler that records what it was handed, batch by batch. */
function recordingHandler() {
  const batches = []
  const handler = async (logs) => {
    batches.push(logs.map((log) => log._id))
  }
  handler.batches = batches
  handler.ids = () => batches.flat()
  return handler
}

/** The ids the server served, in order, over every successful logs request. */
function servedIds(server) {
  return server.logRequests().flatMap((request) => request.served)
}

module.exports = { fakeAuth0, credentials, recordingHandler, servedIds }
