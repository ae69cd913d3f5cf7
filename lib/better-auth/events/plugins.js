'use strict'
// Endpoints of Better Auth's admin, phone-number and email-OTP plugins → events (present only
// when the application uses those plugins; see emissions.js for the building blocks).
const { bodyOf, failureOf } = require('../outcome')
const { succeeded, failed, aboutUser, sessionCreated, signInEvents, outcomeEvent, findOne } = require('./emissions')
const { passwordReset } = require('./core')

const body = (ctx) => ctx.body ?? {}

/** `user.banned` / `user.unbanned` for the user the admin acted on. */
function adminAction(type) {
  return (ctx) =>
    outcomeEvent(
      type,
      ctx,
      () => aboutUser(bodyOf(ctx)?.user, { banReason: body(ctx).banReason, actorId: ctx.context.session?.user.id }),
      () => ({ userId: body(ctx).userId, metadata: { actorId: ctx.context.session?.user.id } }),
    )
}

function phoneVerification(ctx) {
  const phoneNumber = body(ctx).phoneNumber
  const failure = failureOf(ctx)
  if (failure) return [failed('phone_number.verification', failure.reason, { metadata: { phoneNumber } })]
  const user = bodyOf(ctx)?.user ?? ctx.context.session?.user
  return [succeeded('phone_number.verification', aboutUser(user, { phoneNumber })), ...sessionCreated(ctx)]
}

function emailOtpVerified(ctx) {
  const failure = failureOf(ctx)
  if (failure) return [failed('user.email_verified', failure.reason, { metadata: { email: body(ctx).email } })]
  const user = bodyOf(ctx)?.user
  return user ? [succeeded('user.email_verified', aboutUser(user)), ...sessionCreated(ctx)] : []
}

const otpResetRequested = (ctx) =>
  outcomeEvent(
    'password.reset_requested_otp',
    ctx,
    () => ({ metadata: { email: body(ctx).email } }),
    () => ({ metadata: { email: body(ctx).email } }),
  )

const PLUGIN_EVENTS = {
  '/admin/ban-user': adminAction('user.banned'),
  '/admin/unban-user': adminAction('user.unbanned'),
  '/phone-number/send-otp': (ctx) =>
    outcomeEvent(
      'phone_number.otp_requested',
      ctx,
      () => ({ ...aboutUser(ctx.context.session?.user, { phoneNumber: body(ctx).phoneNumber }) }),
      () => ({ metadata: { phoneNumber: body(ctx).phoneNumber } }),
    ),
  '/phone-number/verify': phoneVerification,
  '/sign-in/phone-number': (ctx) =>
    signInEvents(ctx, { phoneNumber: body(ctx).phoneNumber }, { phoneNumber: body(ctx).phoneNumber }),
  '/email-otp/send-verification-otp': (ctx) => (body(ctx).type === 'forget-password' ? otpResetRequested(ctx) : []),
  '/email-otp/request-password-reset': otpResetRequested,
  '/forget-password/email-otp': otpResetRequested,
  '/email-otp/reset-password': (ctx) => {
    const email = String(body(ctx).email ?? '').toLowerCase()
    return passwordReset(ctx, 'password.reset_completed_otp', () => findOne(ctx, 'user', 'email', email), { email })
  },
  '/email-otp/verify-email': emailOtpVerified,
  '/sign-in/email-otp': (ctx) => signInEvents(ctx, { email: body(ctx).email }),
}

module.exports = { PLUGIN_EVENTS }
