'use strict'
// The Better Auth plugin on Better Auth's own flows (email and password, sessions, password
// reset and change, email verification, profile and deletion), against real better-auth with
// its database on SQLite: every event read back from the SQLite event store.
const { test, afterEach } = require('node:test')
const assert = require('node:assert/strict')
const Database = require('better-sqlite3')
const { authIngest } = require('auth-ingest/better-auth')
const { shutdownEventIngestion } = require('..')
const { createApp, Client } = require('./helpers/better-auth-app')
const { storedEvents, assertEvent, assertNoSecrets } = require('./helpers/stored-events')
const { tempFile } = require('./helpers/temp')

const UA = 'Mozilla/5.0 (X11; Linux x86_64) core-flows'
const IP = '203.0.113.7'

async function setUp(options = {}) {
  const plugin = authIngest({ enabled: true, clientType: 'sqlite', client: tempFile('events.db') })
  const app = await createApp({ database: new Database(tempFile('auth.db')), plugins: [plugin], ...options })
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
  assert.deepEqual(events.map((e) => e.type), ['user.joined', 'session.created'])
  const sessionId = events[1].sessionId
  assert.ok(sessionId)
  const metadata = { email: 'ada@example.com', name: 'Ada Lovelace' }
  assertEvent(events[0], { type: 'user.joined', userId, sessionId, metadata, message: 'Ada Lovelace joined!', ...seen })
  assertEvent(events[1], { type: 'session.created', userId, metadata, message: 'New session created for Ada Lovelace', ...seen })
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
  assert.deepEqual(events.map((e) => e.type), ['user.logged_in', 'login.failed', 'user.logged_in', 'session.created', 'user.logged_out', 'session.ended'])
  const failure = { email: 'bob@example.com', reason: 'invalid_credentials' }
  assertEvent(events[0], { type: 'user.logged_in', status: 'failed', userId: undefined, metadata: failure, message: 'bob@example.com failed to login', ...seen })
  assertEvent(events[1], { type: 'login.failed', status: 'failed', metadata: failure, message: 'Failed login attempt for bob@example.com', ...seen })
  const ids = { userId: body.user.id, sessionId: session.session.id }
  const metadata = { email: 'bob@example.com', name: 'Bob Builder' }
  assertEvent(events[2], { type: 'user.logged_in', ...ids, metadata, message: 'Bob Builder logged in', ...seen })
  assertEvent(events[3], { type: 'session.created', ...ids, metadata, ...seen })
  assertEvent(events[4], { type: 'user.logged_out', ...ids, metadata, message: 'Bob Builder logged out', ...seen })
  assertEvent(events[5], { type: 'session.ended', ...ids, metadata, ...seen })
  assertNoSecrets(events, ['not-the-password', 'correct-horse-battery', session.session.token])
})
