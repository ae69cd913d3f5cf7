'use strict'
// A TCP proxy in front of an HTTP server that, for the next `cuts` requests containing
// `marker`, lets the request through and then cuts the connection as soon as the server
// starts answering: the server did the work, the client never hears it — the ambiguous
// failure a retried write must not turn into a duplicate.
const net = require('node:net')
const { listenLocally } = require('./store-servers')

async function startCuttingProxy({ port: backendPort, marker, cuts }) {
  const sockets = new Set()
  const proxy = { cut: 0 }
  let left = cuts
  const server = net.createServer((client) => {
    const backend = net.connect(backendPort, '127.0.0.1')
    sockets.add(client)
    sockets.add(backend)
    let cutting = false
    client.on('error', () => backend.destroy())
    backend.on('error', () => client.destroy())
    client.on('data', (chunk) => {
      if (left > 0 && chunk.includes(marker)) {
        left -= 1
        cutting = true
      }
      backend.write(chunk)
    })
    backend.on('data', (chunk) => {
      if (cutting) {
        proxy.cut += 1
        client.destroy()
        backend.destroy()
        return
      }
      client.write(chunk)
    })
    client.on('end', () => backend.end())
    backend.on('end', () => client.end())
  })
  Object.assign(proxy, await listenLocally(server, sockets))
  return proxy
}

module.exports = { startCuttingProxy }
