'use strict'
// What an endpoint call came to, read from its context once the endpoint has run: whether it
// failed and why (an APIError, or a redirect carrying `?error=`), and what it returned.

/** Failure codes renamed to the reasons the events have always carried. */
const REASONS = {
  INVALID_EMAIL_OR_PASSWORD: 'invalid_credentials',
  INVALID_PHONE_NUMBER_OR_PASSWORD: 'invalid_credentials',
}

function isApiError(value) {
  return value !== null && typeof value === 'object' && typeof value.statusCode === 'number' && 'status' in value
}

function locationOf(apiError) {
  const headers = apiError.headers
  if (!headers) return null
  if (typeof headers.get === 'function') return headers.get('location')
  return headers.location ?? headers.Location ?? null
}

function errorParameter(location) {
  try {
    return new URL(location, 'http://localhost').searchParams.get('error')
  } catch {
    return null
  }
}

function reasonOf(apiError) {
  const code = apiError.body?.code
  if (typeof code === 'string' && code !== '') return REASONS[code] ?? code.toLowerCase()
  return String(apiError.status ?? apiError.statusCode).toLowerCase()
}

/** null when the call succeeded, else `{ reason }`. */
function failureOf(ctx) {
  const returned = ctx.context.returned
  if (!isApiError(returned)) return null
  if (returned.statusCode >= 400) return { reason: reasonOf(returned) }
  const location = locationOf(returned)
  const error = location ? errorParameter(location) : null
  return error ? { reason: error.toLowerCase() } : null
}

/** The JSON body a successful call returned (null for a redirect). */
function bodyOf(ctx) {
  const returned = ctx.context.returned
  return returned === null || typeof returned !== 'object' || isApiError(returned) ? null : returned
}

module.exports = { failureOf, bodyOf }
