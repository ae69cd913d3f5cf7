'use strict'
// The Better Auth plugin on OAuth: sign-up and sign-in through a provider, linking and
// unlinking an account, a failed callback — against a fake OAuth2 provider on 127.0.0.1
// configured with Better Auth's genericOAuth plugin.
const { test, before, after, afterEach } = require('node:test')
const assert = require('node:assert/strict')
const Database = require('./helpers/better-sqlite3')
const { genericOAuth } = require('better-auth/plugins/generic-oauth')
const { authIngest } = require('auth-ingest/better-auth')
const { shutdownEventIngestion } = require('..')
const { createApp } = require('./helpers/better-auth-app')
const { storedEvents, assertEvent, assertNoSecrets } = require('./helpers/stored-events')
const { tempFile } = require('./helpers/temp')
const { startFakeOAuthProvider } = require('./fake-oauth/server')

const UA = 'Mozilla/5.0 (Macintosh) oauth-flows'
const IP = '198.51.100.44'
const seen = { ipAddress: IP, userAgent: UA }
let provider

before(async () => {
  provider = await startFakeOAuthProvider()
})
after(() => provider.close())
afterEach(() => shutdownEventIngestion())

async function setUp() {
  const app = await createApp({
    database: new Database(tempFile('auth.db')),
    plugins: [
      genericOAuth({ config: [provider.config('fakeid')] }),
      authIngest({ enabled: true, clientType: 'sqlite', client: tempFile('events.db') }),
    ],
    options: { account: { accountLinking: { enabled: true, trustedProviders: ['fakeid'] } } },
  })
  return { ...app, browser: app.client({ userAgent: UA, forwardedFor: IP }) }
}

/** Starts an OAuth flow at `path`, lets the provider approve, and sends the callback. */
async function throughProvider(browser, path, body) {
  const started = await browser.send(path, { body })
  assert.equal(started.status, 200, JSON.stringify(started.body))
  const approval = await fetch(started.body.url, { redirect: 'manual' })
  const callback = new URL(approval.headers.get('location'))
  return browser.send(callback.pathname.replace('/api/auth', '') + callback.search)
}

test('OAuth sign-up then sign-in: user.joined, oauth.sign_in and session.created with the provider', async () => {
  const { browser, auth } = await setUp()
  const profile = { sub: 'fake-1001', email: 'hana@example.com', name: 'Hana Abe', email_verified: true }
  provider.nextProfile(profile)
  const first = await throughProvider(browser, '/sign-in/social', { provider: 'fakeid', callbackURL: '/dashboard' })
  assert.equal(first.status, 302)
  assert.equal(first.location, '/dashboard')
  const firstSession = await auth.api.getSession({ headers: new Headers({ cookie: browser.cookieHeader }) })
  await browser.signOut()
  provider.nextProfile(profile)
  await throughProvider(browser, '/sign-in/social', { provider: 'fakeid', callbackURL: '/dashboard' })
  const secondSession = await auth.api.getSession({ headers: new Headers({ cookie: browser.cookieHeader }) })

  const events = await storedEvents()
  assert.deepEqual(
    events.map((e) => e.type),
    [
      'user.joined',
      'oauth.sign_in',
      'session.created',
      'user.logged_out',
      'session.ended',
      'oauth.sign_in',
      'session.created',
    ],
  )
  const userId = firstSession.user.id
  const metadata = { email: 'hana@example.com', name: 'Hana Abe' }
  assertEvent(events[0], {
    type: 'user.joined',
    userId,
    sessionId: firstSession.session.id,
    metadata,
    message: 'Hana Abe joined!',
    ...seen,
  })
  for (const [index, session] of [
    [1, firstSession],
    [5, secondSession],
  ]) {
    const ids = { userId, sessionId: session.session.id }
    assertEvent(events[index], {
      type: 'oauth.sign_in',
      ...ids,
      metadata: { ...metadata, provider: 'fakeid' },
      message: 'Hana Abe signed in via fakeid',
      ...seen,
    })
    assertEvent(events[index + 1], { type: 'session.created', ...ids, metadata, ...seen })
  }
  assertNoSecrets(events, [firstSession.session.token, secondSession.session.token])
})

test('linking and unlinking a provider account: oauth.linked and oauth.unlinked', async () => {
  const { browser, auth } = await setUp()
  await browser.signUp('ivo@example.com', 'Ivo Pogo')
  const session = await auth.api.getSession({ headers: new Headers({ cookie: browser.cookieHeader }) })
  const before = (await storedEvents()).length
  provider.nextProfile({ sub: 'fake-2002', email: 'ivo@example.com', name: 'Ivo P.', email_verified: true })
  const linked = await throughProvider(browser, '/link-social', { provider: 'fakeid', callbackURL: '/settings' })
  assert.equal(linked.location, '/settings')
  const accounts = await auth.api.listUserAccounts({ headers: new Headers({ cookie: browser.cookieHeader }) })
  assert.deepEqual(accounts.map((a) => a.providerId).sort(), ['credential', 'fakeid'])
  const accountId = (providerId) => accounts.find((account) => account.providerId === providerId).id
  assert.equal((await browser.send('/unlink-account', { body: { accountId: accountId('fakeid') } })).status, 200)
  const refused = await browser.send('/unlink-account', { body: { accountId: accountId('credential') } })
  assert.equal(refused.status, 400)

  const events = (await storedEvents()).slice(before)
  assert.deepEqual(
    events.map((e) => e.type),
    ['oauth.linked', 'oauth.unlinked', 'oauth.unlinked'],
  )
  const userId = session.user.id
  assertEvent(events[0], {
    type: 'oauth.linked',
    userId,
    metadata: { provider: 'fakeid' },
    message: 'OAuth account linked: fakeid',
    ...seen,
  })
  const ids = { userId, sessionId: session.session.id }
  assertEvent(events[1], {
    type: 'oauth.unlinked',
    ...ids,
    metadata: { provider: 'fakeid', email: 'ivo@example.com' },
    message: 'OAuth account unlinked: fakeid',
    ...seen,
  })
  assertEvent(events[2], {
    type: 'oauth.unlinked',
    status: 'failed',
    ...ids,
    metadata: { provider: 'credential', reason: 'failed_to_unlink_last_account' },
    ...seen,
  })
})

test('a callback that fails (forged state) records oauth.sign_in failed with the reason', async () => {
  const { browser } = await setUp()
  const response = await browser.send('/callback/fakeid?code=whatever&state=forged-state')
  assert.equal(response.status, 302)
  const reason = new URL(response.location, 'http://x').searchParams.get('error')
  assert.ok(reason)
  const events = await storedEvents()
  assert.equal(events.length, 1)
  assertEvent(events[0], {
    type: 'oauth.sign_in',
    status: 'failed',
    userId: undefined,
    metadata: { provider: 'fakeid', reason: reason.toLowerCase() },
    message: 'Failed to sign in via fakeid for "User"',
    ...seen,
  })
})

test('a provider sign-in with the email of an existing account: refused while unverified, then linked', async () => {
  const { browser, auth, mailbox } = await setUp()
  const userId = (await browser.signUp('jo@example.com', 'Jo Existing')).body.user.id
  await browser.signOut()
  const profile = { sub: 'fake-3003', email: 'jo@example.com', name: 'Jo via Fake', email_verified: true }
  const before = (await storedEvents()).length
  provider.nextProfile(profile)
  const refused = await throughProvider(browser, '/sign-in/social', { provider: 'fakeid', callbackURL: '/home' })
  assert.match(refused.location, /error=account_not_linked/)
  await browser.send('/send-verification-email', { body: { email: 'jo@example.com' } })
  await browser.send(`/verify-email?token=${mailbox.verificationTokens.get('jo@example.com')}`)
  provider.nextProfile(profile)
  await throughProvider(browser, '/sign-in/social', { provider: 'fakeid', callbackURL: '/home' })
  const session = await auth.api.getSession({ headers: new Headers({ cookie: browser.cookieHeader }) })

  const events = (await storedEvents()).slice(before)
  assert.deepEqual(
    events.map((e) => e.type),
    ['oauth.sign_in', 'user.email_verified', 'oauth.sign_in', 'session.created', 'oauth.linked'],
  )
  assertEvent(events[0], {
    type: 'oauth.sign_in',
    status: 'failed',
    userId: undefined,
    metadata: { provider: 'fakeid', reason: 'account_not_linked' },
    ...seen,
  })
  const ids = { userId, sessionId: session.session.id }
  assertEvent(events[2], {
    type: 'oauth.sign_in',
    ...ids,
    metadata: { provider: 'fakeid', email: 'jo@example.com', name: 'Jo Existing' },
    ...seen,
  })
  assertEvent(events[4], {
    type: 'oauth.linked',
    ...ids,
    metadata: { provider: 'fakeid' },
    message: 'OAuth account linked: fakeid',
    ...seen,
  })
})
