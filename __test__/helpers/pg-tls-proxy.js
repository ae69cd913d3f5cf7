'use strict'
// A TLS front for the local PostgreSQL (which the tests must not reconfigure): it answers the
// client's SSLRequest with 'S', terminates TLS with the given certificate and forwards the
// plain protocol to the real server. A client that does not ask for TLS is disconnected.
const net = require('node:net')
const { listenLocally } = require('./store-servers')
const tls = require('node:tls')

const SSL_REQUEST = 80877103

async function startPgTlsProxy({ key, cert, backendPort = 5432 }) {
  const sockets = new Set()
  const proxy = { tlsSessions: 0, plainRefused: 0 }
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
    socket.once('data', (first) => {
      if (first.length < 8 || first.readInt32BE(4) !== SSL_REQUEST) {
        proxy.plainRefused += 1
        socket.destroy()
        return
      }
      socket.write('S')
      const secure = new tls.TLSSocket(socket, { isServer: true, key, cert })
      secure.on('error', () => socket.destroy())
      secure.once('secure', () => {
        proxy.tlsSessions += 1
        const backend = net.connect(backendPort, '127.0.0.1')
        sockets.add(backend)
        backend.on('error', () => secure.destroy())
        secure.pipe(backend).pipe(secure)
      })
    })
  })
  Object.assign(proxy, await listenLocally(server, sockets))
  return proxy
}

module.exports = { startPgTlsProxy }
