'use strict'
// emitEvent's arguments: validated, then captured as one compact record array. Records are
// serialized together, one JSON.stringify per run of them (the cheapest way across the
// boundary; Rust decodes the whole run at once). Layout (see src/events/emission.rs):
// [type, status, userId, sessionId, organizationId, metadata, ip, userAgent, timestamp]
const { describe, typeError } = require('../errors')
const { expectLayout } = require('./wire-layouts')

/** Why `value` cannot become JSON (a BigInt, a cycle), or null. Far cheaper than serializing it. */
function unserializable(value, ancestors) {
  if (typeof value === 'bigint') return 'it contains a BigInt'
  if (value === null || typeof value !== 'object' || typeof value.toJSON === 'function') return null
  if (ancestors.includes(value)) return 'it contains a circular reference'
  ancestors.push(value)
  let reason = null
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && reason === null; i++) reason = unserializable(value[i], ancestors)
  } else {
    for (const key in value) {
      reason = unserializable(value[key], ancestors)
      if (reason !== null) break
    }
  }
  ancestors.pop()
  return reason
}

/** Metadata holding only primitives needs no walk (the usual case): no recursion, no allocation. */
function unserializableMetadata(metadata) {
  for (const key in metadata) {
    const value = metadata[key]
    if (typeof value === 'object' ? value !== null : typeof value === 'bigint') return unserializable(metadata, [])
  }
  return null
}

const isIdentifier = (value) => value == null || typeof value === 'string' || typeof value === 'number'

/** The first of userId, sessionId, organizationId that is not a string (or number), or null. */
function badIdentifier(data) {
  if (!isIdentifier(data.userId)) return 'userId'
  if (!isIdentifier(data.sessionId)) return 'sessionId'
  if (!isIdentifier(data.organizationId)) return 'organizationId'
  return null
}

function checkEmission(type, data) {
  if (typeof type !== 'string' || type.length === 0) {
    return typeError('invalid_argument', `emitEvent: type must be a non-empty string, got ${describe(type)}`)
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return typeError('invalid_argument', `emitEvent: data must be an object, got ${describe(data)}`)
  }
  const status = data.status
  if (status !== undefined && status !== 'success' && status !== 'failed') {
    return typeError('invalid_argument', `emitEvent: data.status must be 'success' or 'failed', got ${describe(status)}`)
  }
  const field = badIdentifier(data)
  if (field !== null) return typeError('invalid_argument', `emitEvent: data.${field} must be a string, got ${describe(data[field])}`)
  const metadata = data.metadata
  if (metadata != null) {
    if (typeof metadata !== 'object' || Array.isArray(metadata)) {
      return typeError('invalid_argument', `emitEvent: data.metadata must be an object, got ${describe(metadata)}`)
    }
    const reason = unserializableMetadata(metadata)
    if (reason !== null) return typeError('invalid_argument', `emitEvent: data.metadata cannot be serialized to JSON: ${reason}`)
  }
  return null
}

function text(value) {
  return value == null || typeof value === 'string' ? value : String(value)
}

function userAgentOf(headers) {
  if (headers == null || typeof headers !== 'object') return undefined
  if (typeof headers.get === 'function') return headers.get('user-agent') ?? undefined
  return headers['user-agent'] ?? headers['User-Agent']
}

/** `data.request.ip` as text, if any. */
const requestIp = (request) => (request == null ? undefined : text(request.ip))

/** The request's User-Agent header as text, if any. */
const requestUserAgent = (request) => (request == null ? undefined : text(userAgentOf(request.headers)))

/** The order `emissionRecord` writes, which must be Rust's `emissionRecord` layout. */
const RECORD_FIELDS = ['type', 'status', 'userId', 'sessionId', 'organizationId', 'metadata', 'ip', 'userAgent', 'timestamp']
expectLayout('emissionRecord', RECORD_FIELDS)
const TIMESTAMP = RECORD_FIELDS.indexOf('timestamp')

/** The record for one checked emission. */
function emissionRecord(type, data) {
  const request = data.request
  return [
    type,
    data.status,
    data.userId,
    data.sessionId,
    data.organizationId,
    data.metadata,
    requestIp(request),
    requestUserAgent(request),
    Date.now(),
  ]
}

/**
 * Serializes records for Rust, their timestamps as milliseconds after the first one's
 * (`timestampBase`): small integers serialize ~0.1 µs faster than epoch milliseconds. A record
 * whose toJSON throws fails alone: `rejected` receives its error, the others still go.
 * `records` is never empty.
 */
function encodeRecords(records, rejected) {
  const timestampBase = records[0][TIMESTAMP]
  for (const record of records) record[TIMESTAMP] -= timestampBase
  try {
    return { encoded: JSON.stringify(records), count: records.length, timestampBase }
  } catch {
    const kept = []
    for (const record of records) {
      try {
        JSON.stringify(record)
        kept.push(record)
      } catch (error) {
        rejected(typeError('invalid_argument', `emitEvent: data cannot be serialized to JSON: ${error.message}`))
      }
    }
    return { encoded: JSON.stringify(kept), count: kept.length, timestampBase }
  }
}

module.exports = { checkEmission, emissionRecord, encodeRecords, requestIp, requestUserAgent, text }
