'use strict'
// Runs the fake Management API in its own process (for the benchmark):
//   node __test__/fake-auth0/cli.js --logs 100000 [--https]
// Prints one JSON line { domain, caPath } and serves until killed or stdin closes.
const { makeLogs } = require('./logs')
const { makeCertificates } = require('./certs')
const { startFakeAuth0 } = require('./server')

async function main() {
  const args = process.argv.slice(2)
  const count = Number(args[args.indexOf('--logs') + 1]) || 1000
  const certificates = args.includes('--https') ? makeCertificates() : null
  const server = await startFakeAuth0({
    logs: makeLogs(count),
    tls: certificates && { key: certificates.key, cert: certificates.cert },
  })
  process.stdout.write(`${JSON.stringify({ domain: server.domain, port: server.port, caPath: certificates?.caPath ?? null })}\n`)
  const stop = async () => {
    await server.close()
    certificates?.remove()
    process.exit(0)
  }
  process.stdin.on('end', stop)
  process.stdin.resume()
  process.on('SIGTERM', stop)
}

main()
