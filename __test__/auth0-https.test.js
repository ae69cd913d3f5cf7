'use strict'
// HTTPS: the client trusts a private CA given by NODE_EXTRA_CA_CERTS, as Node does, and
// refuses the server without it. Each case runs in its own process (the roots are read once).
const assert = require('node:assert/strict')
const { execFile } = require('node:child_process')
const path = require('node:path')
const { test } = require('node:test')

const { makeCertificates } = require('./fake-auth0/certs')
const { fakeAuth0 } = require('./fake-auth0/harness')

const CHILD = `
const { LogsProcessor } = require(${JSON.stringify(path.join(__dirname, '..'))})
let data = {}
const storage = { read: async () => data, write: async (value) => { data = value } }
let count = 0
new LogsProcessor(storage, { domain: process.argv[1], clientId: 'test-client', clientSecret: 'test-secret', maxRetries: 0 })
  .run(async (logs) => { count += logs.length })
  .then((result) => console.log(JSON.stringify({ count, error: result.status.error ? result.status.error.message : null })))
`

function runChild(domain, env) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', CHILD, domain], { env: { ...process.env, NODE_EXTRA_CA_CERTS: '', ...env } }, (error, stdout, stderr) =>
      error ? reject(new Error(stderr)) : resolve(JSON.parse(stdout)),
    )
  })
}

test('trusts the CA named by NODE_EXTRA_CA_CERTS and only then', async (t) => {
  const certificates = makeCertificates()
  t.after(certificates.remove)
  const server = await fakeAuth0(t, { count: 120, tls: { key: certificates.key, cert: certificates.cert } })
  assert.match(server.domain, /^https:/)

  const untrusted = await runChild(server.domain, {})
  assert.equal(untrusted.count, 0)
  assert.match(untrusted.error, /certificate/i)
  assert.equal(server.tokenRequests().length, 0)

  const trusted = await runChild(server.domain, { NODE_EXTRA_CA_CERTS: certificates.caPath })
  assert.deepEqual(trusted, { count: 120, error: null })
  assert.equal(server.tokenRequests().length, 1)
})
