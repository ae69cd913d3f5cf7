'use strict'
// LogsApiClient (SPEC 2.1) over its native core.
const querystring = require('node:querystring')

const { NativeLogsClient } = require('../native')
const { awaitNative, callNative } = require('../errors')
const { tokenCacheCallbacks } = require('./callbacks')
const { checkClientOptions, clientOptions } = require('./options')

class LogsApiClient {
  constructor(options) {
    checkClientOptions(options)
    this.options = options
    this.native = callNative(() => new NativeLogsClient(clientOptions(options), tokenCacheCallbacks(options.tokenCache)))
  }

  /** `{ token, expiresAt }` from `POST /oauth/token`. */
  async getAccessToken() {
    return awaitNative(this.native.getAccessToken())
  }

  /** The cached token while it has more than 10 s left, else a new one (cached). */
  async getAccessTokenCached() {
    return awaitNative(this.native.getAccessTokenCached())
  }

  /** `{ logs, limits: { limit, remaining, reset } }` from `GET /api/v2/logs?<params>`. */
  async getLogs(params) {
    const page = await awaitNative(this.native.getLogs(querystring.stringify(params ?? {})))
    return { logs: JSON.parse(page.logs), limits: page.limits }
  }
}

module.exports = { LogsApiClient }
