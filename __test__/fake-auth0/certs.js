'use strict'
// A throwaway CA and a server certificate for 127.0.0.1 signed by it, made with the openssl
// CLI. rustls refuses a self-signed CA used directly as a server certificate, so the client is
// given the CA through NODE_EXTRA_CA_CERTS (as a user trusting a private CA would).
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

function openssl(args, cwd) {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' })
}

/** Writes ca.pem, server.pem and server-key.pem into a new temp dir; returns their paths and contents. */
function makeCertificates() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-auth0-tls-'))
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=fake-auth0 test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir)
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', 'server-key.pem', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir)
  fs.writeFileSync(path.join(dir, 'server.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n')
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial',
    '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext'], dir)
  const read = (name) => fs.readFileSync(path.join(dir, name), 'utf8')
  return {
    dir,
    caPath: path.join(dir, 'ca.pem'),
    ca: read('ca.pem'),
    cert: read('server.pem'),
    key: read('server-key.pem'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  }
}

module.exports = { makeCertificates }
