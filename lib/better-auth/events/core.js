'use strict'
// Better Auth's own endpoints → events. Each entry takes the endpoint's context after it ran
// and the request's facts, and returns the emissions (see emissions.js).
const { bodyOf, failureOf } = require('../outcome')
const {
  succeeded,
  failed,
  aboutUser,
  signedIn,
  sessionCreated,
  signInEvents,
  outcomeEvent,
  findById,
} = require('./emissions')

const body = (ctx) => ctx.body ?? {}

function signUpEmail(ctx) {
  const failure = failureOf(ctx)
  if (failure)
    return [failed('user.joined', failure.reason, { metadata: { email: body(ctx).email, name: body(ctx).name } })]
  return sessionCreated(ctx)
}

function signOut(ctx, facts) {
  const ending = facts.actor
  if (failureOf(ctx) || !ending) return []
  const fields = { ...aboutUser(ending.user), sessionId: ending.session.id }
  return [succeeded('user.logged_out', fields), succeeded('session.ended', fields)]
}

/** An OAuth sign-in that set a session: `oauth.sign_in`, `session.created`, accounts linked on the way. */
function oauthSignedIn(ctx, facts, provider) {
  const created = ctx.context.newSession
  const metadata = { provider }
  const fields = { ...aboutUser(created.user, metadata), sessionId: created.session.id }
  const joined = facts.createdUsers.length > 0
  return [
    succeeded('oauth.sign_in', fields),
    ...sessionCreated(ctx, metadata),
    ...(joined ? [] : accountsLinked(facts, fields.sessionId)),
  ]
}

/** `oauth.linked` for each non-credential account created during the request. */
function accountsLinked(facts, sessionId) {
  return facts.createdAccounts
    .filter((account) => account.providerId !== 'credential')
    .map((account) =>
      succeeded('oauth.linked', { userId: account.userId, sessionId, metadata: { provider: account.providerId } }),
    )
}

function signInSocial(ctx, facts) {
  const provider = body(ctx).provider
  const failure = failureOf(ctx)
  if (failure) return [failed('oauth.sign_in', failure.reason, { metadata: { provider } })]
  // Without an ID token the endpoint only answers with the provider's URL: the callback records.
  return ctx.context.newSession?.session ? oauthSignedIn(ctx, facts, provider) : []
}

function oauthCallback(ctx, facts) {
  // A POST callback only redirects to the GET one, which does the work.
  if (ctx.method !== undefined && ctx.method !== 'GET') return []
  const provider = ctx.params?.id
  const failure = failureOf(ctx)
  if (failure) return [failed('oauth.sign_in', failure.reason, { metadata: { provider } })]
  if (ctx.context.newSession?.session) return oauthSignedIn(ctx, facts, provider)
  return accountsLinked(facts, undefined)
}

function linkSocial(ctx, facts) {
  const failure = failureOf(ctx)
  const session = signedIn(ctx)
  if (failure) {
    return [
      failed('oauth.linked', failure.reason, {
        userId: session?.user.id,
        sessionId: session?.session.id,
        metadata: { provider: body(ctx).provider },
      }),
    ]
  }
  return accountsLinked(facts, session?.session.id)
}

async function unlinkAccount(ctx, facts) {
  const session = signedIn(ctx)
  // The body names the account row; its provider is read from the row (gone once unlinked).
  const account = facts.deletedAccounts[0] ?? (await findById(ctx, 'account', body(ctx).accountId))
  const about = () => ({
    ...aboutUser(session?.user, { provider: account?.providerId }),
    sessionId: session?.session.id,
  })
  return outcomeEvent('oauth.unlinked', ctx, about, about)
}

function requestPasswordReset(ctx, facts) {
  const email = body(ctx).email
  return outcomeEvent(
    'password.reset_requested',
    ctx,
    () => ({ userId: facts.resetRequestedFor ?? undefined, metadata: { email } }),
    () => ({ metadata: { email } }),
  )
}

/** `type` for the user whose password a reset set (`findUser()` reads it for its email and name). */
async function passwordReset(ctx, type, findUser, metadata) {
  const failure = failureOf(ctx)
  if (failure) return [failed(type, failure.reason, { metadata })]
  return [succeeded(type, aboutUser(await findUser(), metadata))]
}

function changePassword(ctx) {
  const session = signedIn(ctx)
  const about = () => ({ ...aboutUser(session?.user), sessionId: session?.session.id })
  return [...outcomeEvent('user.password_changed', ctx, about, about), ...(failureOf(ctx) ? [] : sessionCreated(ctx))]
}

function verifyEmail(ctx, facts) {
  const failure = failureOf(ctx)
  if (failure) return [failed('user.email_verified', failure.reason)]
  const user = facts.updatedUsers.findLast((updated) => updated.emailVerified) ?? bodyOf(ctx)?.user
  if (!user) return []
  return [succeeded('user.email_verified', aboutUser(user)), ...sessionCreated(ctx)]
}

function updateUser(ctx) {
  const session = signedIn(ctx)
  const updatedFields = Object.keys(body(ctx))
  return outcomeEvent(
    'user.updated',
    ctx,
    () => ({
      ...aboutUser(session?.user, { name: body(ctx).name ?? session?.user.name, updatedFields }),
      sessionId: session?.session.id,
    }),
    () => ({ ...aboutUser(session?.user), sessionId: session?.session.id }),
  )
}

function deleteUser(ctx) {
  const session = signedIn(ctx)
  const about = { ...aboutUser(session?.user), sessionId: session?.session.id }
  const failure = failureOf(ctx)
  if (failure) return [failed('user.deleted', failure.reason, about)]
  // A deletion itself is recorded from the database hook (`user.deleted`).
  return bodyOf(ctx)?.message === 'Verification email sent'
    ? [succeeded('user.delete_verification_requested', about)]
    : []
}

function deleteUserCallback(ctx) {
  const failure = failureOf(ctx)
  return failure ? [failed('user.deleted', failure.reason)] : []
}

const CORE_EVENTS = {
  '/sign-up/email': signUpEmail,
  '/sign-in/email': (ctx) => signInEvents(ctx, { email: body(ctx).email }),
  '/sign-out': signOut,
  '/sign-in/social': signInSocial,
  '/callback/:id': oauthCallback,
  '/link-social': linkSocial,
  '/unlink-account': unlinkAccount,
  '/request-password-reset': requestPasswordReset,
  '/reset-password': (ctx, facts) =>
    passwordReset(ctx, 'password.reset_completed', () => findById(ctx, 'user', facts.resetCompletedFor)),
  '/change-password': changePassword,
  '/verify-email': verifyEmail,
  '/update-user': updateUser,
  '/delete-user': deleteUser,
  '/delete-user/callback': deleteUserCallback,
}

module.exports = { CORE_EVENTS, passwordReset }
