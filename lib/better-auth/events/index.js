'use strict'
// Every endpoint the plugin records, by path (or operation id for server-only endpoints):
// the exact list is in the README. Anything else records nothing, except the facts every
// request reports (a user created → `user.joined`, a user deleted → `user.deleted`).
const { CORE_EVENTS } = require('./core')
const { ORGANIZATION_EVENTS, BEFORE_READS } = require('./organization')
const { PLUGIN_EVENTS } = require('./plugins')
const { succeeded, aboutUser } = require('./emissions')

const ENDPOINT_EVENTS = new Map(Object.entries({ ...CORE_EVENTS, ...PLUGIN_EVENTS, ...ORGANIZATION_EVENTS }))

/**
 * Endpoints whose session is read by a before hook: the sign-out (which ends it) and the
 * organization endpoints (which leave none on the context for the after hook).
 */
const READS_SESSION_BEFORE = new Set([
  '/sign-out',
  ...Object.keys(ORGANIZATION_EVENTS).filter((path) => path.startsWith('/')),
])

function endpointOf(ctx) {
  return ctx.path ?? ctx.operationId
}

/** Events for users created or deleted during the request, whatever the endpoint. */
function userLifecycleEvents(ctx, facts) {
  const sessionId = ctx.context.newSession?.session?.id ?? ctx.context.session?.session?.id
  return [
    ...facts.createdUsers.map((user) => succeeded('user.joined', { ...aboutUser(user), sessionId })),
    ...facts.deletedUsers.map((user) => succeeded('user.deleted', aboutUser(user))),
  ]
}

/** The emissions for one finished endpoint call (`facts`: the request's RequestFacts). */
async function eventsFor(ctx, facts) {
  const events = userLifecycleEvents(ctx, facts)
  const endpointEvents = ENDPOINT_EVENTS.get(endpointOf(ctx))
  if (endpointEvents) events.push(...(await endpointEvents(ctx, facts)))
  return events
}

module.exports = { ENDPOINT_EVENTS, BEFORE_READS, READS_SESSION_BEFORE, endpointOf, eventsFor }
