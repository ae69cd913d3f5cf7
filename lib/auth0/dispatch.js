'use strict'
// What the native cores ask of the user's objects: tokenCache, storageContext, handler and
// logger. Async, so that a callback that throws becomes a rejection Rust can handle; JSON
// both ways.

/** Node callback style `(logs, callback)` or a returned Promise, as the handler prefers. */
function toPromise(handler, logs) {
  return new Promise((resolve, reject) => {
    const result = handler(logs, (error) => (error ? reject(error) : resolve()))
    if (result && typeof result.then === 'function') result.then(() => resolve(), reject)
    else if (handler.length < 2) resolve()
  })
}

function createDispatch({ tokenCache, storage, handler, logger }) {
  return async function dispatch(op, payload) {
    switch (op) {
      case 'getToken':
        return JSON.stringify((await tokenCache.getToken()) ?? null)
      case 'setToken':
        await tokenCache.setToken(JSON.parse(payload))
        return ''
      case 'read':
        return JSON.stringify((await storage.read()) ?? {})
      case 'write':
        await storage.write(JSON.parse(payload))
        return ''
      case 'handle':
        await toPromise(handler, JSON.parse(payload))
        return ''
      case 'log': {
        const [level, message] = JSON.parse(payload)
        if (logger && typeof logger[level] === 'function') logger[level](message)
        return ''
      }
      default:
        throw new Error(`unknown dispatch operation ${op}`)
    }
  }
}

module.exports = { createDispatch }
