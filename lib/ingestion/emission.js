'use strict'
// emitEvent's arguments: validated, then encoded as one compact JSON array (a single
// JSON.stringify is the cheapest way across the boundary; Rust decodes many at once).
// Layout (see src/events/emission.rs):
// [type, status, userId, sessionId, organizationId, metadata, ip, userAgent, timestampMs, id, source]
const { describe } = require('../errors')

const IDENTIFIERS = ['userId', 'sessionId', 'organizationId']

function checkEmission(type, data) {
  if (typeof type !== 'string' || type.length === 0) {
    return new TypeError(`emitEvent: type must be a non-empty string, got ${describe(type)}`)
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return new TypeError(`emitEvent: data must be an object, got ${describe(data)}`)
  }
  const status = data.status
  if (status !== undefined && status !== 'success' && status !== 'failed') {
    return new TypeError(`emitEvent: data.status must be 'success' or 'failed', got ${describe(status)}`)
  }
  for (const field of IDENTIFIERS) {
    const value = data[field]
    if (value != null && typeof value !== 'string' && typeof value !== 'number') {
      return new TypeError(`emitEvent: data.${field} must be a string, got ${describe(value)}`)
    }
  }
  const metadata = data.metadata
  if (metadata != null && (typeof metadata !== 'object' || Array.isArray(metadata))) {
    return new TypeError(`emitEvent: data.metadata must be an object, got ${describe(metadata)}`)
  }
  return null
}

function userAgentOf(headers) {
  if (headers == null || typeof headers !== 'object') return undefined
  if (typeof headers.get === 'function') return headers.get('user-agent') ?? undefined
  return headers['user-agent'] ?? headers['User-Agent']
}

/** The encoded emission; throws a TypeError when data cannot be serialized (a cycle, a BigInt). */
function encodeEmission(type, data, id, source) {
  const request = data.request
  const ip = request == null ? undefined : request.ip
  const userAgent = request == null ? undefined : userAgentOf(request.headers)
  try {
    return JSON.stringify([
      type,
      data.status,
      data.userId,
      data.sessionId,
      data.organizationId,
      data.metadata,
      ip,
      userAgent,
      Date.now(),
      id,
      source,
    ])
  } catch (error) {
    throw new TypeError(`emitEvent: data cannot be serialized to JSON: ${error.message}`)
  }
}

module.exports = { checkEmission, encodeEmission }
