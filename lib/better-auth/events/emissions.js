'use strict'
// Building blocks of the event tables: an emission is `[type, data]`, data being what
// `emitEvent` takes minus `request` (the plugin adds it). Metadata keys left undefined are
// simply not stored.
const { failureOf } = require('../outcome')

function succeeded(type, fields) {
  return [type, { status: 'success', ...fields }]
}

function failed(type, reason, fields = {}) {
  return [type, { status: 'failed', ...fields, metadata: { ...fields.metadata, reason } }]
}

/** The user an event is about: its id, and the email and name its display reads. */
function aboutUser(user, metadata) {
  return { userId: user?.id, metadata: { email: user?.email, name: user?.name, ...metadata } }
}

/** The request's signed-in `{ session, user }` (set by Better Auth's session middleware). */
function signedIn(ctx) {
  return ctx.context.session ?? null
}

/** `session.created` for the session the endpoint just set, if it set one. */
function sessionCreated(ctx, metadata) {
  const created = ctx.context.newSession
  if (!created?.session) return []
  const fields = aboutUser(created.user, metadata)
  return [succeeded('session.created', { ...fields, sessionId: created.session.id })]
}

/**
 * A sign-in endpoint: `user.logged_in` and `session.created`, or on failure `user.logged_in`
 * failed plus `login.failed` (the attempt's identifier in `metadata`).
 */
function signInEvents(ctx, attempt, metadata) {
  const failure = failureOf(ctx)
  if (failure) {
    return [
      failed('user.logged_in', failure.reason, { metadata: attempt }),
      failed('login.failed', failure.reason, { metadata: attempt }),
    ]
  }
  const created = ctx.context.newSession
  if (!created?.session) return []
  const fields = { ...aboutUser(created.user, metadata), sessionId: created.session.id }
  return [succeeded('user.logged_in', fields), ...sessionCreated(ctx, metadata)]
}

/** One event type for an endpoint: `success(ctx)` fields, or the failure with `failedFields`. */
function outcomeEvent(type, ctx, success, failedFields) {
  const failure = failureOf(ctx)
  if (failure) return [failed(type, failure.reason, failedFields?.(ctx))]
  const fields = success(ctx)
  return fields ? [succeeded(type, fields)] : []
}

/** A record from Better Auth's own database whose `field` is `value`, or null (never throws). */
async function findOne(ctx, model, field, value) {
  if (typeof value !== 'string' || value === '') return null
  try {
    return await ctx.context.adapter.findOne({ model, where: [{ field, value }] })
  } catch {
    return null
  }
}

function findById(ctx, model, id) {
  return findOne(ctx, model, 'id', id)
}

module.exports = {
  succeeded,
  failed,
  aboutUser,
  signedIn,
  sessionCreated,
  signInEvents,
  outcomeEvent,
  findOne,
  findById,
}
