'use strict'
// An HTTP(S) endpoint on 127.0.0.1 for the `https` store: records every JSON body it receives
// and answers as told — 200, a status (500, 400, 429 with Retry-After) for the next N
// requests, or stalling (never answering) until told otherwise.
const http = require('node:http')
const https = require('node:https')

class HttpSink {
  /** @param {{ tls?: { key: string, cert: string } }} options */
  constructor({ tls } = {}) {
    this.requests = [] // { method, headers, body } for every request
    this.accepted = [] // events of the requests answered 2xx, in order
    this.plan = [] // { status, headers, count } answered before the default 200
    this.stalling = false
    this.stalled = new Set()
    const handler = (request, response) => this.handle(request, response)
    this.server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler)
    this.scheme = tls ? 'https' : 'http'
  }

  async start() {
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `${this.scheme}://127.0.0.1:${this.server.address().port}/events`
    return this
  }

  /** Answers `status` (with `headers` and `body`) to the next `count` requests. */
  answer(status, { count = Infinity, headers = {}, body } = {}) {
    this.plan.push({ status, headers, count, body: body ?? `sink answered ${status}` })
    return this
  }

  /** Back to answering 200 to everything. */
  recover() {
    this.plan = []
    this.stalling = false
    for (const response of this.stalled) response.destroy()
    this.stalled.clear()
  }

  stall() {
    this.stalling = true
  }

  handle(request, response) {
    const chunks = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const body = text ? JSON.parse(text) : null
      this.requests.push({ method: request.method, headers: request.headers, body })
      if (this.stalling) {
        this.stalled.add(response)
        return
      }
      const step = this.plan[0]
      if (step && request.method === 'POST') {
        step.count -= 1
        if (step.count <= 0) this.plan.shift()
        response.writeHead(step.status, { 'content-type': 'text/plain', ...step.headers })
        response.end(step.body)
        return
      }
      if (request.method === 'POST') this.accepted.push(...(Array.isArray(body?.events) ? body.events : [body]))
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"ok":true}')
    })
  }

  async close() {
    this.recover()
    this.server.closeAllConnections?.()
    await new Promise((resolve) => this.server.close(resolve))
  }
}

async function startSink(options) {
  return new HttpSink(options).start()
}

module.exports = { startSink, HttpSink }
