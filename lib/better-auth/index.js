'use strict'
// `auth-ingest/better-auth`: a Better Auth plugin that records every authentication event.
// `authIngest(eventsConfig)` starts ingestion with that config unless one is already running
// (then it uses that one). Better Auth's after hooks and database hooks give the facts; the
// tables in events/ turn them into events; each is handed to `emitEvent` at once, within the
// hook, without waiting for the store. Nothing here can change or fail a response: every
// step is guarded, and a store that is down only queues events.
const { createAuthMiddleware } = require('better-auth/api')
const { emitEvent, initializeEventIngestion } = require('../ingestion')
const { createDatabaseHooks } = require('./database-hooks')
const { ENDPOINT_EVENTS, BEFORE_READS, READS_SESSION_BEFORE, endpointOf, eventsFor } = require('./events')
const { aboutUser, findById, succeeded } = require('./events/emissions')
const { NO_FACTS, RequestFactStore } = require('./request-facts')
const { requestOf } = require('./request')

/** What an after hook that changes nothing returns to Better Auth. */
const UNCHANGED = Object.freeze({})
const ignore = () => {}

function record(type, data) {
  try {
    emitEvent(type, data).catch(ignore)
  } catch {
    // Recording never changes the response.
  }
}

/** The `{ session, user }` of the request's session cookie, read as the sign-out reads it. */
async function sessionOfCookie(ctx) {
  const token = await ctx.getSignedCookie(ctx.context.authCookies.sessionToken.name, ctx.context.secret)
  return token ? ctx.context.internalAdapter.findSession(token) : null
}

function createPlugin(eventsConfig) {
  const store = new RequestFactStore()

  const before = createAuthMiddleware(async (ctx) => {
    try {
      const facts = store.of(ctx.context)
      facts.actor = await sessionOfCookie(ctx)
      const beforeRead = BEFORE_READS[ctx.path]
      if (beforeRead) facts.before = await findById(ctx, ...beforeRead(ctx))
    } catch {
      // Recording never changes the response.
    }
  })

  async function after(ctx) {
    try {
      const events = await eventsFor(ctx, store.peek(ctx.context) ?? NO_FACTS)
      if (events.length > 0) {
        const request = requestOf(ctx)
        for (const [type, data] of events) record(type, { ...data, request })
      }
    } catch {
      // Recording never changes the response.
    }
    return UNCHANGED
  }

  const recordDirectly = (type, user) => record(...succeeded(type, aboutUser(user)))

  return {
    id: 'auth-ingest',
    init() {
      // A Better Auth instance created after a shutdown starts ingestion again.
      if (eventsConfig) initializeEventIngestion(eventsConfig)
      return { options: { databaseHooks: createDatabaseHooks(store, recordDirectly) } }
    },
    hooks: {
      before: [{ matcher: (ctx) => READS_SESSION_BEFORE.has(ctx.path), handler: before }],
      after: [
        { matcher: (ctx) => ENDPOINT_EVENTS.has(endpointOf(ctx)) || store.peek(ctx.context) !== null, handler: after },
      ],
    },
  }
}

/**
 * The Better Auth plugin. `eventsConfig` is `initializeEventIngestion`'s (started now unless
 * ingestion is running); without one, the plugin records into the running ingestion.
 * A config with `enabled: false` gives a plugin that records nothing.
 */
function authIngest(eventsConfig) {
  if (eventsConfig !== undefined && eventsConfig !== null) {
    initializeEventIngestion(eventsConfig)
    if (!eventsConfig.enabled) return { id: 'auth-ingest' }
  }
  return createPlugin(eventsConfig ?? null)
}

module.exports = { authIngest }
