'use strict'
// The client address and user agent of the request behind an endpoint call, resolved the way
// Better Auth resolves them for its own sessions: its `getIP` with the application's
// `advanced.ipAddress` options (which headers, trusted proxies, IPv6 subnet, tracking off),
// so an event's IP is the one on the session it created, and never a string that is not one.
const betterAuthApi = require('better-auth/api')

const getIP = betterAuthApi.getIP ?? betterAuthApi.getIp

/** `emitEvent`'s `request` for this endpoint call: `{ headers: { 'user-agent' }, ip }`. */
function requestOf(ctx) {
  const headers = ctx.request?.headers ?? ctx.headers
  if (!headers || typeof headers.get !== 'function') return { headers: {} }
  const userAgent = headers.get('user-agent')
  const ip = getIP(ctx.request ?? headers, ctx.context.options)
  return { headers: userAgent ? { 'user-agent': userAgent } : {}, ip: ip || undefined }
}

module.exports = { requestOf }
