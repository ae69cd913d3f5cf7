'use strict'
// The Better Auth plugin with Better Auth's admin, phone-number and email-OTP plugins:
// ban/unban, phone OTP and verification, OTP sign-in, reset and email verification — each
// event read back from the SQLite event store, and no OTP code ever stored.
const { test, after } = require('node:test')
const assert = require('node:assert/strict')
const Database = require('./helpers/better-sqlite3')
const { admin } = require('better-auth/plugins/admin')
const { phoneNumber } = require('better-auth/plugins/phone-number')
const { emailOTP } = require('better-auth/plugins/email-otp')
const { authIngest } = require('auth-ingest/better-auth')
const { shutdownEventIngestion } = require('..')
const { createApp, createMailbox } = require('./helpers/better-auth-app')
const { storedEvents, assertEvent, assertNoSecrets } = require('./helpers/stored-events')
const { tempFile } = require('./helpers/temp')

after(() => shutdownEventIngestion())

const seen = { ipAddress: '192.0.2.33', userAgent: 'plugins-browser' }
let app
let database
const visitor = () => app.client({ userAgent: seen.userAgent, forwardedFor: seen.ipAddress })

test('set up Better Auth with the admin, phone-number and email-OTP plugins', async () => {
  const mailbox = createMailbox()
  database = new Database(tempFile('auth.db'))
  app = await createApp({
    database,
    mailbox,
    plugins: [
      admin(),
      phoneNumber({
        sendOTP: ({ phoneNumber: number, code }) => void mailbox.otps.set(number, code),
        signUpOnVerification: {
          getTempEmail: (number) => `${number.slice(1)}@phone.example.com`,
          getTempName: (number) => number,
        },
      }),
      emailOTP({ sendVerificationOTP: async ({ email, otp, type }) => void mailbox.otps.set(`${type}:${email}`, otp) }),
      authIngest({ enabled: true, clientType: 'sqlite', client: tempFile('events.db') }),
    ],
  })
})

async function newEvents(action) {
  const before = (await storedEvents()).length
  await action()
  return (await storedEvents()).slice(before)
}

test('admin ban and unban: user.banned / user.unbanned about the user acted on', async () => {
  const boss = visitor()
  const bossId = (await boss.signUp('boss@example.com', 'Boss Admin')).body.user.id
  database.prepare("UPDATE user SET role = 'admin' WHERE id = ?").run(bossId)
  const targetId = (await app.client().signUp('troll@example.com', 'Troll Account')).body.user.id
  const events = await newEvents(async () => {
    assert.equal((await boss.send('/admin/ban-user', { body: { userId: targetId, banReason: 'spam' } })).status, 200)
    assert.equal((await boss.send('/admin/unban-user', { body: { userId: targetId } })).status, 200)
    assert.equal((await boss.send('/admin/ban-user', { body: { userId: 'no-such-user' } })).status, 404)
  })
  assert.deepEqual(
    events.map((e) => e.type),
    ['user.banned', 'user.unbanned', 'user.banned'],
  )
  const metadata = { email: 'troll@example.com', name: 'Troll Account', actorId: bossId }
  assertEvent(events[0], {
    type: 'user.banned',
    userId: targetId,
    metadata: { ...metadata, banReason: 'spam' },
    message: 'Troll Account was banned',
    ...seen,
  })
  assertEvent(events[1], {
    type: 'user.unbanned',
    userId: targetId,
    metadata,
    message: 'Troll Account was unbanned',
    ...seen,
  })
  assertEvent(events[2], {
    type: 'user.banned',
    status: 'failed',
    userId: 'no-such-user',
    metadata: { reason: 'user_not_found' },
    ...seen,
  })
})

test('phone number: OTP requested, a wrong code, verification signing a new user up; failed phone sign-in', async () => {
  const phone = visitor()
  const number = '+15550100'
  const events = await newEvents(async () => {
    assert.equal((await phone.send('/phone-number/send-otp', { body: { phoneNumber: number } })).status, 200)
    assert.equal(
      (await phone.send('/phone-number/verify', { body: { phoneNumber: number, code: '000000' } })).status,
      400,
    )
    const verified = await phone.send('/phone-number/verify', {
      body: { phoneNumber: number, code: app.mailbox.otps.get(number) },
    })
    assert.equal(verified.status, 200, JSON.stringify(verified.body))
    const refused = await visitor().send('/sign-in/phone-number', {
      body: { phoneNumber: number, password: 'no-password-set' },
    })
    assert.equal(refused.status, 401)
  })
  const session = await app.auth.api.getSession({ headers: new Headers({ cookie: phone.cookieHeader }) })
  assert.deepEqual(
    events.map((e) => e.type),
    [
      'phone_number.otp_requested',
      'phone_number.verification',
      'user.joined',
      'phone_number.verification',
      'session.created',
      'user.logged_in',
      'login.failed',
    ],
  )
  assertEvent(events[0], {
    type: 'phone_number.otp_requested',
    metadata: { phoneNumber: number },
    message: `Phone number OTP requested for ${number}`,
    ...seen,
  })
  assertEvent(events[1], {
    type: 'phone_number.verification',
    status: 'failed',
    metadata: { phoneNumber: number, reason: 'invalid_otp' },
    message: `Phone number verification failed for ${number}`,
    ...seen,
  })
  const ids = { userId: session.user.id, sessionId: session.session.id }
  assertEvent(events[2], { type: 'user.joined', ...ids, metadata: { email: '15550100@phone.example.com' }, ...seen })
  assertEvent(events[3], {
    type: 'phone_number.verification',
    userId: session.user.id,
    metadata: { phoneNumber: number, name: number },
    message: `Phone number ${number} verified for ${number}`,
    ...seen,
  })
  assertEvent(events[4], { type: 'session.created', ...ids, ...seen })
  const failure = { phoneNumber: number, reason: 'invalid_credentials' }
  assertEvent(events[5], {
    type: 'user.logged_in',
    status: 'failed',
    metadata: failure,
    message: 'User failed to login',
    ...seen,
  })
  assertEvent(events[6], { type: 'login.failed', status: 'failed', metadata: failure, ...seen })
  assertNoSecrets(events, [app.mailbox.otps.get(number), session.session.token])
})

test('email OTP: sign-in (signing up), a wrong code, reset request and completion, email verification', async () => {
  const browser = visitor()
  const email = 'otp@example.com'
  const otps = app.mailbox.otps
  const events = await newEvents(async () => {
    assert.equal(
      (await browser.send('/email-otp/send-verification-otp', { body: { email, type: 'sign-in' } })).status,
      200,
    )
    assert.equal((await browser.send('/sign-in/email-otp', { body: { email, otp: '000000' } })).status, 400)
    assert.equal(
      (await browser.send('/sign-in/email-otp', { body: { email, otp: otps.get(`sign-in:${email}`) } })).status,
      200,
    )
    assert.equal((await browser.send('/email-otp/request-password-reset', { body: { email } })).status, 200)
    const reset = await browser.send('/email-otp/reset-password', {
      body: { email, otp: otps.get(`forget-password:${email}`), password: 'otp-new-password-1' },
    })
    assert.equal(reset.status, 200)
  })
  const session = await app.auth.api.getSession({ headers: new Headers({ cookie: browser.cookieHeader }) })
  assert.deepEqual(
    events.map((e) => e.type),
    [
      'user.logged_in',
      'login.failed',
      'user.joined',
      'user.logged_in',
      'session.created',
      'password.reset_requested_otp',
      'password.reset_completed_otp',
    ],
  )
  const failure = { email, reason: 'invalid_otp' }
  assertEvent(events[0], {
    type: 'user.logged_in',
    status: 'failed',
    metadata: failure,
    message: 'otp@example.com failed to login',
    ...seen,
  })
  assertEvent(events[1], { type: 'login.failed', status: 'failed', metadata: failure, ...seen })
  const ids = { userId: session.user.id, sessionId: session.session.id }
  assertEvent(events[2], { type: 'user.joined', ...ids, metadata: { email }, ...seen })
  assertEvent(events[3], {
    type: 'user.logged_in',
    ...ids,
    metadata: { email },
    message: 'otp@example.com logged in',
    ...seen,
  })
  assertEvent(events[4], { type: 'session.created', ...ids, ...seen })
  assertEvent(events[5], {
    type: 'password.reset_requested_otp',
    metadata: { email },
    message: 'Password reset OTP requested for otp@example.com',
    ...seen,
  })
  assertEvent(events[6], {
    type: 'password.reset_completed_otp',
    userId: session.user.id,
    metadata: { email },
    message: 'otp@example.com reset their password via email OTP',
    ...seen,
  })

  const verifier = visitor()
  const verifierId = (await verifier.signUp('verify@example.com', 'Vera Fier')).body.user.id
  const verification = await newEvents(async () => {
    await verifier.send('/email-otp/send-verification-otp', {
      body: { email: 'verify@example.com', type: 'email-verification' },
    })
    const verified = await verifier.send('/email-otp/verify-email', {
      body: { email: 'verify@example.com', otp: otps.get('email-verification:verify@example.com') },
    })
    assert.equal(verified.status, 200)
  })
  assert.deepEqual(
    verification.map((e) => e.type),
    ['user.email_verified'],
  )
  assertEvent(verification[0], {
    type: 'user.email_verified',
    userId: verifierId,
    metadata: { email: 'verify@example.com', name: 'Vera Fier' },
    message: 'Vera Fier verified email',
    ...seen,
  })
  assertNoSecrets([...events, ...verification], [...otps.values(), 'otp-new-password-1'])
})
