'use strict'
// Facts about one request that its response does not carry, gathered while the endpoint runs
// by database hooks (the user it created, the account it linked…) and before hooks (the session
// being signed out), then read by the after hook. Keyed by the request's own context object:
// concurrent requests never see each other's facts, and they go when the request goes.
// Rows are kept as the few fields events read (never tokens, hashes or OTP codes).

class RequestFacts {
  constructor() {
    this.createdUsers = []
    this.updatedUsers = []
    this.deletedUsers = []
    this.createdAccounts = []
    this.deletedAccounts = []
    /** userId a password-reset token was issued for, and one was consumed for. */
    this.resetRequestedFor = null
    this.resetCompletedFor = null
    /** `{ session, user }` of the request's session cookie, read before the endpoint ran
     * (for a sign-out: the session it is about to end). */
    this.actor = null
    /** A record read before the endpoint changed it (a member's old role, a team's name). */
    this.before = null
  }
}

class RequestFactStore {
  constructor() {
    this.facts = new WeakMap()
  }

  /** The facts of the request whose per-request auth context is `authContext` (created). */
  of(authContext) {
    let facts = this.facts.get(authContext)
    if (facts === undefined) {
      facts = new RequestFacts()
      this.facts.set(authContext, facts)
    }
    return facts
  }

  /** Its facts, or null when nothing was gathered. */
  peek(authContext) {
    return this.facts.get(authContext) ?? null
  }
}

/** The facts of a request nothing was gathered for (read-only, shared). */
const NO_FACTS = Object.freeze(
  Object.fromEntries(Object.entries(new RequestFacts()).map(([key, value]) => [key, Object.freeze(value)])),
)

function userFacts(user) {
  return { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerified }
}

function accountFacts(account) {
  return { userId: account.userId, providerId: account.providerId }
}

module.exports = { NO_FACTS, RequestFactStore, userFacts, accountFacts }
