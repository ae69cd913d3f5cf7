'use strict'
// LogsApiClient (SPEC 2.1) over its native core.
const { NativeLogsClient } = require('../native')
const { createDispatch } = require('./dispatch')
const { nativeResult, fromNative } = require('./errors')
const { checkClientOptions, nativeOptions } = require('./options')

function usableTokenCache(tokenCache) {
  return Boolean(tokenCache && typeof tokenCache.getToken === 'function' && typeof tokenCache.setToken === 'function')
}

class LogsApiClient {
  constructor(options) {
    checkClientOptions(options)
    this.options = options
    const hasTokenCache = usableTokenCache(options.tokenCache)
    const dispatch = createDispatch({ tokenCache: options.tokenCache })
    try {
      this.native = new NativeLogsClient(nativeOptions(options), dispatch, hasTokenCache)
    } catch (error) {
      throw fromNative(error)
    }
  }

  /** `{ token, expiresAt }` from `POST /oauth/token`. */
  async getAccessToken() {
    return JSON.parse(await nativeResult(this.native.getAccessToken()))
  }

  /** The cached token while it has more than 10 s left, else a new one (cached). */
  async getAccessTokenCached() {
    return JSON.parse(await nativeResult(this.native.getAccessTokenCached()))
  }

  /** `{ logs, limits: { limit, remaining, reset } }` from `GET /api/v2/logs?<params>`. */
  async getLogs(params) {
    return JSON.parse(await nativeResult(this.native.getLogs(JSON.stringify(params ?? {}))))
  }
}

module.exports = { LogsApiClient, usableTokenCache }
