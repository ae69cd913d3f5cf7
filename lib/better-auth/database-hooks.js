'use strict'
// Better Auth database hooks that note, for the request running them, the firm facts its
// response may hide: the id of the user a sign-up created (a duplicate sign-up answers with a
// made-up user), accounts linked and unlinked, users verified or deleted, password-reset
// tokens issued and consumed.
// Outside any request (a job calling the internal adapter) a created or deleted user is
// recorded at once, without request details.
const { userFacts, accountFacts } = require('./request-facts')

const RESET_PASSWORD_PREFIX = 'reset-password:'

/** The user id a password-reset token row was issued for (the token itself is never kept). */
function resetTokenUser(verification) {
  const identifier = verification.identifier
  return typeof identifier === 'string' && identifier.startsWith(RESET_PASSWORD_PREFIX) ? verification.value : null
}

function createDatabaseHooks(store, recordDirectly) {
  /** Runs `note(facts, row)` for the row's request; a hook never fails the write. */
  const noting = (note, direct) => async (row, endpointContext) => {
    try {
      if (row === null || typeof row !== 'object') return
      const authContext = endpointContext?.context
      if (authContext) note(store.of(authContext), row)
      else if (direct) direct(row)
    } catch {
      // Recording never changes what Better Auth does.
    }
  }
  return {
    user: {
      create: {
        after: noting(
          (facts, user) => facts.createdUsers.push(userFacts(user)),
          (user) => recordDirectly('user.joined', userFacts(user)),
        ),
      },
      update: { after: noting((facts, user) => facts.updatedUsers.push(userFacts(user))) },
      delete: {
        after: noting(
          (facts, user) => facts.deletedUsers.push(userFacts(user)),
          (user) => recordDirectly('user.deleted', userFacts(user)),
        ),
      },
    },
    account: {
      create: { after: noting((facts, account) => facts.createdAccounts.push(accountFacts(account))) },
      delete: { after: noting((facts, account) => facts.deletedAccounts.push(accountFacts(account))) },
    },
    verification: {
      create: { after: noting((facts, verification) => (facts.resetRequestedFor ??= resetTokenUser(verification))) },
      // A reset token is consumed (deleted) as the password is reset.
      delete: { after: noting((facts, verification) => (facts.resetCompletedFor ??= resetTokenUser(verification))) },
    },
  }
}

module.exports = { createDatabaseHooks }
