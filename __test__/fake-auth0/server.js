'use strict'
// A faithful fake of the Auth0 Management API on 127.0.0.1 (HTTP or HTTPS), for tests and the
// benchmark:
// - POST /oauth/token: client credentials; 401 for bad ones; tokens live `tokenLifetimeSeconds`.
// - GET /api/v2/logs: checkpoint paging (`from`, `take` ≤ 100, logs strictly after `from`,
//   oldest first, every other parameter ignored, as on Auth0) and page paging (`page`,
//   `per_page`, `q=type:a OR type:b`, `sort=date:1|-1`).
// - x-ratelimit-limit/remaining/reset on every logs answer, 429 once the window's budget is spent.
// - Faults queued with inject(): 5xx bursts, 401, 403, malformed/truncated JSON, an HTML 200
//   page, a connection cut mid-body, a response that stalls.
// Everything received is recorded in `requests`.
const http = require('node:http')
const https = require('node:https')
const crypto = require('node:crypto')

const FAULTS = ['status500', 'status503', 'unauthorized', 'forbidden', 'tooManyRequests', 'malformed', 'html', 'cut', 'stall']

function sendJson(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** `type:a OR type:b` → ['a', 'b']; null for an empty query. */
function typesOfQuery(q) {
  if (!q) return null
  return q.split(/\s+OR\s+/).map((term) => term.trim().replace(/^type:/, '')).filter(Boolean)
}

class FakeAuth0 {
  constructor({
    logs = [],
    clientId = 'test-client',
    clientSecret = 'test-secret',
    tokenLifetimeSeconds = 86400,
    rateLimit = null, // { limit, windowSeconds }
    tls = null, // { key, cert }
  } = {}) {
    this.logs = logs
    this.jsonOf = logs.map((log) => JSON.stringify(log))
    this.clientId = clientId
    this.clientSecret = clientSecret
    this.tokenLifetimeSeconds = tokenLifetimeSeconds
    this.rateLimit = rateLimit
    this.window = { end: 0, used: 0 }
    this.tokens = new Map()
    this.tokensIssued = 0
    this.requests = []
    this.faults = { token: [], logs: [] }
    // Optional: (target, requestNumber) => fault name or undefined, consulted when no fault is queued.
    this.faultPlan = null
    this.counts = { token: 0, logs: 0 }
    this.sockets = new Set()
    const handler = (req, res) => this.handle(req, res).catch((error) => sendJson(res, 500, { error: String(error) }))
    this.server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler)
    this.server.keepAliveTimeout = 30_000
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    this.scheme = tls ? 'https' : 'http'
  }

  async listen() {
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = this.server.address().port
    this.domain = `${this.scheme}://127.0.0.1:${this.port}`
    return this
  }

  async close() {
    for (const socket of this.sockets) socket.destroy()
    await new Promise((resolve) => this.server.close(resolve))
  }

  /** Queues `count` faults for the next requests to `target` ('logs' or 'token'). */
  inject(target, fault, count = 1) {
    if (!FAULTS.includes(fault)) throw new Error(`unknown fault ${fault}`)
    for (let index = 0; index < count; index++) this.faults[target].push(fault)
  }

  /** Makes every issued token expired (the next logs request with one gets a 401). */
  expireTokens() {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0)
  }

  logRequests() {
    return this.requests.filter((request) => request.path === '/api/v2/logs')
  }

  tokenRequests() {
    return this.requests.filter((request) => request.path === '/oauth/token')
  }

  async handle(req, res) {
    const url = new URL(req.url, 'http://127.0.0.1')
    const record = {
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization ?? null,
      served: [],
      answer: null,
    }
    this.requests.push(record)
    if (req.method === 'POST' && url.pathname === '/oauth/token') return this.token(req, res, record)
    if (req.method === 'GET' && url.pathname === '/api/v2/logs') return this.getLogs(req, res, url, record)
    record.answer = 404
    return sendJson(res, 404, { statusCode: 404, error: 'Not Found', message: 'Not Found' })
  }

  /** Plays a queued fault; true when it answered. */
  playFault(target, res, record) {
    const number = this.counts[target]++
    const fault = this.faults[target].shift() ?? this.faultPlan?.(target, number)
    if (!fault) return false
    record.answer = fault
    switch (fault) {
      case 'status500':
        sendJson(res, 500, { statusCode: 500, error: 'Internal Server Error', message: 'Internal error' })
        break
      case 'status503':
        res.writeHead(503, { 'content-type': 'text/html' })
        res.end('<html><body>Service Unavailable</body></html>')
        break
      case 'unauthorized':
        sendJson(res, 401, { statusCode: 401, error: 'Unauthorized', message: 'Expired token received for JSON Web Token validation' })
        break
      case 'forbidden':
        sendJson(res, 403, { statusCode: 403, error: 'Forbidden', message: 'Insufficient scope, expected any of: read:logs' })
        break
      case 'tooManyRequests':
        sendJson(res, 429, { statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached' }, { 'retry-after': '0', ...this.limitHeaders(0) })
        break
      case 'malformed':
        sendJson(res, 200, '[{"_id":"90020260101000000000","type":"s","date":"2026-01-01T00:00:00.000Z"},{"_id":"9002026')
        break
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end('<!DOCTYPE html><html><body><h1>We are down for maintenance</h1></body></html>')
        break
      case 'cut': {
        const body = `[${this.jsonOf.slice(0, 5).join(',')}]`
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
        res.write(body.slice(0, Math.floor(body.length / 2)))
        setTimeout(() => res.socket?.destroy(), 5)
        break
      }
      case 'stall':
        res.writeHead(200, { 'content-type': 'application/json' })
        res.write('[')
        break
    }
    return true
  }

  async token(req, res, record) {
    const body = JSON.parse((await readBody(req)) || '{}')
    record.body = { ...body, client_secret: body.client_secret === undefined ? undefined : '[received]' }
    if (this.playFault('token', res, record)) return
    if (body.grant_type !== 'client_credentials' || body.client_id !== this.clientId || body.client_secret !== this.clientSecret) {
      record.answer = 401
      return sendJson(res, 401, { error: 'access_denied', error_description: 'Unauthorized' })
    }
    if (body.audience !== `${this.domain}/api/v2/`) {
      record.answer = 403
      return sendJson(res, 403, { error: 'access_denied', error_description: `Service not found: ${body.audience}` })
    }
    const token = crypto.randomBytes(24).toString('base64url')
    this.tokens.set(token, Date.now() + this.tokenLifetimeSeconds * 1000)
    this.tokensIssued++
    record.answer = 200
    return sendJson(res, 200, { access_token: token, expires_in: this.tokenLifetimeSeconds, scope: 'read:logs', token_type: 'Bearer' })
  }

  /** Counts one call against the window's budget; returns the remaining count (-1: over). */
  spend() {
    if (!this.rateLimit) return null
    const now = Date.now()
    if (now >= this.window.end) {
      // The window opens with its first call (not on a wall-clock boundary), so a test's reset
      // time does not depend on when in the minute it runs.
      const seconds = this.rateLimit.windowSeconds ?? 1
      this.window = { end: now + seconds * 1000, used: 0 }
    }
    this.window.used++
    return this.rateLimit.limit - this.window.used
  }

  limitHeaders(remaining) {
    const limit = this.rateLimit ? this.rateLimit.limit : 50
    const reset = Math.ceil((this.rateLimit ? this.window.end : Date.now() + 1000) / 1000)
    return { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(Math.max(remaining, 0)), 'x-ratelimit-reset': String(reset) }
  }

  getLogs(req, res, url, record) {
    const expires = this.tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''))
    if (this.playFault('logs', res, record)) return
    if (expires === undefined || expires <= Date.now()) {
      record.answer = 401
      return sendJson(res, 401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid token' })
    }
    const spent = this.spend()
    const remaining = spent === null ? 49 : spent
    if (remaining < 0) {
      record.answer = 429
      return sendJson(res, 429, { statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached' }, this.limitHeaders(0))
    }
    const indexes = this.select(url.searchParams)
    record.served = indexes.map((index) => this.logs[index]._id)
    record.answer = 200
    const body = `[${indexes.map((index) => this.jsonOf[index]).join(',')}]`
    return sendJson(res, 200, body, this.limitHeaders(remaining))
  }

  /** Indexes of the logs a query returns. */
  select(params) {
    const from = params.get('from')
    if (from !== null) {
      const take = Math.min(Number(params.get('take') ?? 50) || 50, 100)
      let low = 0
      let high = this.logs.length
      while (low < high) {
        const middle = (low + high) >> 1
        if (this.logs[middle]._id <= from) low = middle + 1
        else high = middle
      }
      const indexes = []
      for (let index = low; index < this.logs.length && indexes.length < take; index++) indexes.push(index)
      return indexes
    }
    const perPage = Math.min(Number(params.get('per_page') ?? 50) || 50, 100)
    const page = Number(params.get('page') ?? 0) || 0
    const types = typesOfQuery(params.get('q'))
    let indexes = this.logs.map((_, index) => index)
    if (types) indexes = indexes.filter((index) => types.includes(this.logs[index].type))
    if ((params.get('sort') ?? 'date:-1') === 'date:-1') indexes.reverse()
    return indexes.slice(page * perPage, (page + 1) * perPage)
  }
}

async function startFakeAuth0(options) {
  return new FakeAuth0(options).listen()
}

module.exports = { FakeAuth0, startFakeAuth0, FAULTS }
