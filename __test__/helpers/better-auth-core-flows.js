'use strict'
// The plugin on Better Auth's own flows (email and password, sessions, password reset and
// change, email verification, profile and deletion, client addresses), as one suite run with
// Better Auth's database on SQLite (better-auth-core.test.js) and on PostgreSQL
// (better-auth-postgres.test.js). Every event is read back from the event store.
const assert = require('node:assert/strict')
const { authIngest } = require('auth-ingest/better-auth')
const { shutdownEventIngestion } = require('../..')
const { createApp, Client } = require('./better-auth-app')
const { storedEvents, assertEvent, assertNoSecrets } = require('./stored-events')

const UA = 'Mozilla/5.0 (X11; Linux x86_64) core-flows'
const IP = '203.0.113.7'

/**
 * Registers the suite with `test`. `database()` gives a fresh Better Auth database and
 * `eventsConfig()` a fresh event store's `authIngest` config, for each setup.
 */
function defineCoreFlowTests({ test, afterEach, database, eventsConfig }) {
  async function setUp(options = {}) {
    const plugin = authIngest(await eventsConfig())
    const app = await createApp({ database: await database(), plugins: [plugin], ...options })
    return { ...app, browser: app.client({ userAgent: UA, forwardedFor: IP }) }
  }

  afterEach(() => shutdownEventIngestion())
  const seen = { ipAddress: IP, userAgent: UA }

  test('sign-up records user.joined with the created user id and session.created with its session', async () => {
    const { browser } = await setUp()
    const response = await browser.signUp('ada@example.com', 'Ada Lovelace')
    assert.equal(response.status, 200)
    const userId = response.body.user.id
    const events = await storedEvents()
    assert.deepEqual(
      events.map((e) => e.type),
      ['user.joined', 'session.created'],
    )
    const sessionId = events[1].sessionId
    assert.ok(sessionId)
    const metadata = { email: 'ada@example.com', name: 'Ada Lovelace' }
    assertEvent(events[0], {
      type: 'user.joined',
      userId,
      sessionId,
      metadata,
      message: 'Ada Lovelace joined!',
      ...seen,
    })
    assertEvent(events[1], {
      type: 'session.created',
      userId,
      metadata,
      message: 'New session created for Ada Lovelace',
      ...seen,
    })
    assertNoSecrets(events, ['correct-horse-battery', response.body.token])
  })

  test('email sign-in: success, wrong password (user.logged_in failed + login.failed), sign-out', async () => {
    const { browser, auth } = await setUp()
    const { body } = await browser.signUp('bob@example.com', 'Bob Builder')
    await browser.signOut()
    const before = (await storedEvents()).length

    const wrong = await browser.signIn('bob@example.com', 'not-the-password')
    assert.equal(wrong.status, 401)
    const signedIn = await browser.signIn('bob@example.com')
    assert.equal(signedIn.status, 200)
    const session = await auth.api.getSession({ headers: new Headers({ cookie: browser.cookieHeader }) })
    const signedOut = await browser.signOut()
    assert.equal(signedOut.status, 200)

    const events = (await storedEvents()).slice(before)
    assert.deepEqual(
      events.map((e) => e.type),
      ['user.logged_in', 'login.failed', 'user.logged_in', 'session.created', 'user.logged_out', 'session.ended'],
    )
    const failure = { email: 'bob@example.com', reason: 'invalid_credentials' }
    assertEvent(events[0], {
      type: 'user.logged_in',
      status: 'failed',
      userId: undefined,
      metadata: failure,
      message: 'bob@example.com failed to login',
      ...seen,
    })
    assertEvent(events[1], {
      type: 'login.failed',
      status: 'failed',
      metadata: failure,
      message: 'Failed login attempt for bob@example.com',
      ...seen,
    })
    const ids = { userId: body.user.id, sessionId: session.session.id }
    const metadata = { email: 'bob@example.com', name: 'Bob Builder' }
    assertEvent(events[2], { type: 'user.logged_in', ...ids, metadata, message: 'Bob Builder logged in', ...seen })
    assertEvent(events[3], { type: 'session.created', ...ids, metadata, ...seen })
    assertEvent(events[4], { type: 'user.logged_out', ...ids, metadata, message: 'Bob Builder logged out', ...seen })
    assertEvent(events[5], { type: 'session.ended', ...ids, metadata, ...seen })
    assertNoSecrets(events, ['not-the-password', 'correct-horse-battery', session.session.token])
  })

  test('password reset: request (with and without an account) and completion; tokens never stored', async () => {
    const { browser, mailbox } = await setUp()
    const { body } = await browser.signUp('cy@example.com', 'Cy Twombly')
    const before = (await storedEvents()).length
    assert.equal((await browser.send('/request-password-reset', { body: { email: 'cy@example.com' } })).status, 200)
    assert.equal((await browser.send('/request-password-reset', { body: { email: 'nobody@example.com' } })).status, 200)
    const token = mailbox.resetTokens.get('cy@example.com')
    assert.ok(token)
    const bad = await browser.send('/reset-password', {
      body: { token: 'not-a-token', newPassword: 'a-new-password-1' },
    })
    assert.equal(bad.status, 400)
    const reset = await browser.send('/reset-password', { body: { token, newPassword: 'a-new-password-1' } })
    assert.equal(reset.status, 200)

    const events = (await storedEvents()).slice(before)
    assert.deepEqual(
      events.map((e) => e.type),
      ['password.reset_requested', 'password.reset_requested', 'password.reset_completed', 'password.reset_completed'],
    )
    assertEvent(events[0], {
      type: 'password.reset_requested',
      userId: body.user.id,
      metadata: { email: 'cy@example.com' },
      message: 'Password reset requested for cy@example.com',
      ...seen,
    })
    assertEvent(events[1], {
      type: 'password.reset_requested',
      userId: undefined,
      metadata: { email: 'nobody@example.com' },
      ...seen,
    })
    assertEvent(events[2], {
      type: 'password.reset_completed',
      status: 'failed',
      metadata: { reason: 'invalid_token' },
      message: 'Failed to complete password reset for "Someone"',
      ...seen,
    })
    assertEvent(events[3], {
      type: 'password.reset_completed',
      userId: body.user.id,
      metadata: { email: 'cy@example.com', name: 'Cy Twombly' },
      message: 'Cy Twombly reset their password',
      ...seen,
    })
    assertNoSecrets(events, [token, 'a-new-password-1', 'not-a-token'])
  })

  test('password change, profile update, email verification', async () => {
    const { browser, mailbox, auth } = await setUp()
    const { body } = await browser.signUp('di@example.com', 'Di Fenley')
    const userId = body.user.id
    const session = await auth.api.getSession({ headers: new Headers({ cookie: browser.cookieHeader }) })
    const before = (await storedEvents()).length

    const wrong = await browser.send('/change-password', {
      body: { currentPassword: 'wrong-password-9', newPassword: 'another-password-2' },
    })
    assert.equal(wrong.status, 400)
    const changed = await browser.send('/change-password', {
      body: { currentPassword: 'correct-horse-battery', newPassword: 'another-password-2' },
    })
    assert.equal(changed.status, 200)
    assert.equal((await browser.send('/update-user', { body: { name: 'Diane Fenley' } })).status, 200)
    assert.equal((await browser.send('/send-verification-email', { body: { email: 'di@example.com' } })).status, 200)
    const token = mailbox.verificationTokens.get('di@example.com')
    assert.ok(token)
    assert.equal((await browser.send(`/verify-email?token=${token}`)).status, 200)
    assert.equal((await browser.send('/verify-email?token=forged')).status, 401)

    const events = (await storedEvents()).slice(before)
    assert.deepEqual(
      events.map((e) => e.type),
      ['user.password_changed', 'user.password_changed', 'user.updated', 'user.email_verified', 'user.email_verified'],
    )
    const ids = { userId, sessionId: session.session.id }
    assertEvent(events[0], {
      type: 'user.password_changed',
      status: 'failed',
      ...ids,
      metadata: { email: 'di@example.com', reason: 'invalid_password' },
      message: 'Di Fenley failed to change password',
      ...seen,
    })
    assertEvent(events[1], {
      type: 'user.password_changed',
      ...ids,
      metadata: { email: 'di@example.com', name: 'Di Fenley' },
      message: 'Di Fenley changed password',
      ...seen,
    })
    assertEvent(events[2], {
      type: 'user.updated',
      ...ids,
      metadata: { name: 'Diane Fenley', updatedFields: ['name'] },
      message: 'Diane Fenley updated their profile',
      ...seen,
    })
    assertEvent(events[3], {
      type: 'user.email_verified',
      userId,
      metadata: { email: 'di@example.com', name: 'Diane Fenley' },
      message: 'Diane Fenley verified email',
      ...seen,
    })
    assertEvent(events[4], {
      type: 'user.email_verified',
      status: 'failed',
      metadata: { reason: 'invalid_token' },
      message: 'User failed to verify email',
      ...seen,
    })
    assertNoSecrets(events, [token, 'wrong-password-9', 'another-password-2', 'correct-horse-battery'])
  })

  test('account deletion: verification requested, then deleted through the emailed link', async () => {
    const { browser, mailbox } = await setUp()
    const { body } = await browser.signUp('ed@example.com', 'Ed Ruscha')
    const before = (await storedEvents()).length
    const requested = await browser.send('/delete-user', { body: {} })
    assert.deepEqual(requested.body, { success: true, message: 'Verification email sent' })
    const token = mailbox.deleteTokens.get('ed@example.com')
    assert.equal((await browser.send(`/delete-user/callback?token=${token}`)).status, 200)

    const events = (await storedEvents()).slice(before)
    assert.deepEqual(
      events.map((e) => e.type),
      ['user.delete_verification_requested', 'user.deleted'],
    )
    const metadata = { email: 'ed@example.com', name: 'Ed Ruscha' }
    assertEvent(events[0], {
      type: 'user.delete_verification_requested',
      userId: body.user.id,
      metadata,
      message: 'Delete verification requested for Ed Ruscha',
      ...seen,
    })
    assertEvent(events[1], {
      type: 'user.deleted',
      userId: body.user.id,
      metadata,
      message: 'Ed Ruscha was deleted',
      ...seen,
    })
    assertNoSecrets(events, [token])
  })

  test('a failed sign-up is user.joined failed; a duplicate sign-up creates nobody and records no user.joined', async () => {
    const { browser } = await setUp()
    await browser.signUp('fay@example.com', 'Fay Godwin')
    const before = (await storedEvents()).length
    const duplicate = await new Client(browser.auth).signUp('fay@example.com', 'Someone Else')
    assert.equal(duplicate.status, 422)
    const events = (await storedEvents()).slice(before)
    assert.deepEqual(
      events.map((e) => e.type),
      ['user.joined'],
    )
    assertEvent(events[0], {
      type: 'user.joined',
      status: 'failed',
      userId: undefined,
      metadata: { email: 'fay@example.com', name: 'Someone Else', reason: 'user_already_exists_use_another_email' },
      message: 'Someone Else failed to join',
    })
  })

  test('endpoints the plugin does not map record nothing', async () => {
    const { browser } = await setUp()
    await browser.signUp('gil@example.com', 'Gil Scott')
    const before = (await storedEvents()).length
    for (const path of ['/get-session', '/list-sessions', '/ok', '/list-accounts']) {
      assert.equal((await browser.send(path)).status, 200, path)
    }
    assert.equal((await browser.send('/no-such-endpoint')).status, 404)
    assert.equal((await storedEvents()).length, before)
  })

  test("each event's IP is the one Better Auth resolves for the session (advanced.ipAddress honoured)", async () => {
    const cases = [
      { name: 'single address', header: { 'x-forwarded-for': '198.51.100.9' }, expected: '198.51.100.9' },
      { name: 'IPv4-mapped IPv6', header: { 'x-forwarded-for': '::ffff:198.51.100.10' }, expected: '198.51.100.10' },
      {
        name: 'a chain with no trusted proxy',
        header: { 'x-forwarded-for': '198.51.100.11, 10.0.0.1' },
        expected: undefined,
      },
      {
        name: 'a chain through a trusted proxy',
        header: { 'x-forwarded-for': '198.51.100.12, 10.0.0.1' },
        ipAddress: { trustedProxies: ['10.0.0.0/8'] },
        expected: '198.51.100.12',
      },
      { name: 'not an address', header: { 'x-forwarded-for': 'not-an-ip' }, expected: undefined },
      {
        name: 'a configured header',
        header: { 'cf-connecting-ip': '198.51.100.13', 'x-forwarded-for': '192.0.2.99' },
        ipAddress: { ipAddressHeaders: ['cf-connecting-ip'] },
        expected: '198.51.100.13',
      },
      {
        name: 'tracking disabled',
        header: { 'x-forwarded-for': '198.51.100.14' },
        ipAddress: { disableIpTracking: true },
        expected: undefined,
      },
    ]
    for (const [index, { name, header, ipAddress, expected }] of cases.entries()) {
      const { browser, auth } = await setUp({ options: ipAddress ? { advanced: { ipAddress } } : {} })
      const signedUp = await browser.send('/sign-up/email', {
        body: { email: `ip${index}@example.com`, name: `Ip ${index}`, password: 'correct-horse-battery' },
        headers: { 'x-forwarded-for': '', ...header },
      })
      assert.equal(signedUp.status, 200, name)
      const session = await auth.api.getSession({ headers: new Headers({ cookie: browser.cookieHeader }) })
      const events = await storedEvents()
      assert.equal(events.length, 2, name)
      for (const event of events) {
        assert.equal(event.ipAddress ?? undefined, expected, `${name}: ${event.type}`)
        assert.equal(event.ipAddress ?? '', session.session.ipAddress, `${name}: the session's own address`)
        assert.equal(event.userAgent, UA)
      }
      await shutdownEventIngestion()
    }
  })
}

module.exports = { defineCoreFlowTests }
