'use strict'
// The user's objects as the native cores call them (src/node/auth0/callbacks.rs): one function
// per operation, async so that a callback that throws becomes a rejection Rust handles.

function usableTokenCache(tokenCache) {
  return Boolean(tokenCache && typeof tokenCache.getToken === 'function' && typeof tokenCache.setToken === 'function')
}

/** What a cache holds, as a token `{ token, expiresAt }`, or null: a cache may hold anything. */
function asToken(value) {
  if (!value || typeof value.token !== 'string') return null
  const expiresAt = Number(value.expiresAt)
  return Number.isFinite(expiresAt) ? { token: value.token, expiresAt } : null
}

/** `{ getToken, setToken }` over the user's `tokenCache`; undefined without a usable one. */
function tokenCacheCallbacks(tokenCache) {
  if (!usableTokenCache(tokenCache)) return undefined
  return {
    getToken: async () => asToken(await tokenCache.getToken()),
    setToken: async (token) => {
      await tokenCache.setToken(token)
    },
  }
}

/** `{ log(level, message) }` over the user's logger; a logger that throws is ignored. */
function loggerCallback(logger) {
  if (!logger) return undefined
  return {
    log(level, message) {
      try {
        if (typeof logger[level] === 'function') logger[level](message)
      } catch {
        // A failing logger must not fail the run.
      }
    },
  }
}

/** Node callback style `(logs, callback)` or a returned Promise, as the handler prefers. */
function toPromise(handler, logs) {
  return new Promise((resolve, reject) => {
    const result = handler(logs, (error) => (error ? reject(error) : resolve()))
    if (result && typeof result.then === 'function') result.then(() => resolve(), reject)
    else if (handler.length < 2) resolve()
  })
}

/** The stored document as JSON text, as the native cores read it (see ProcessorCallbacks). */
async function readDocument(storage) {
  return JSON.stringify((await storage.read()) ?? {})
}

/** `{ read, write, handle }`: the user's `storageContext` and handler (given the logs' JSON). */
function processorCallbacks(storage, handler) {
  return {
    read: () => readDocument(storage),
    write: async (documentJson) => {
      await storage.write(JSON.parse(documentJson))
    },
    handle: async (logsJson) => {
      await toPromise(handler, JSON.parse(logsJson))
    },
  }
}

module.exports = { tokenCacheCallbacks, loggerCallback, processorCallbacks, readDocument }
