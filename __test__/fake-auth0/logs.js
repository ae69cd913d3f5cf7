'use strict'
// Realistic Auth0 log objects whose ids sort in time order, as the Management API's do.

const TYPES = ['s', 's', 's', 'fp', 'ss', 'slo', 'seacft', 'sapi', 'fu', 'scp', 'sv', 'du', 'w', 'gd_auth_failed']
const DESCRIPTIONS = {
  s: 'Successful login',
  fp: 'Wrong email or password.',
  fu: 'Wrong email or password.',
  ss: 'Successful signup',
  slo: 'User successfully logged out.',
  seacft: 'Authorization Code for Access Token',
  sapi: 'Update a user',
  scp: 'Password changed',
  sv: 'Email verified',
  du: 'User deleted',
  w: 'Warning during login',
  gd_auth_failed: 'OTP Auth failed',
}

function pad(number, width) {
  return String(number).padStart(width, '0')
}

/** `_id` like Auth0's: '900' + the date as yyyymmddHHMMSSmmm + a sequence number. */
function logId(date, sequence) {
  const stamp = date.toISOString().replace(/[-:TZ.]/g, '')
  return `900${stamp}${pad(sequence, 20)}`
}

/**
 * `count` logs, oldest first, one every `stepMs` from `startMs`. `types` (optional) gives
 * each log's type by index.
 */
function makeLogs(count, { startMs = Date.UTC(2026, 0, 1), stepMs = 1000, types } = {}) {
  const logs = new Array(count)
  for (let index = 0; index < count; index++) {
    const date = new Date(startMs + index * stepMs)
    const type = types ? types(index) : TYPES[index % TYPES.length]
    const id = logId(date, index + 1)
    const user = index % 97
    logs[index] = {
      _id: id,
      log_id: id,
      date: date.toISOString(),
      type,
      description: DESCRIPTIONS[type] ?? '',
      connection: 'Username-Password-Authentication',
      connection_id: 'con_3xRd1Yt4bE8lcVjQ',
      client_id: 'AaiyAPdpYdesoKnqjj8HJqRn4T5titww',
      client_name: 'Shop Web',
      ip: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
      user_agent: 'Chrome 120.0.0 / Mac OS X 10.15.7',
      hostname: 'tenant.eu.auth0.com',
      user_id: `auth0|${pad(user, 24)}`,
      user_name: `user${user}@example.com`,
      strategy: 'auth0',
      strategy_type: 'database',
      details: {
        prompts: [{ name: 'lock-password-authenticate', initiatedAt: startMs + index * stepMs - 120, completedAt: startMs + index * stepMs - 20, elapsedTime: 100 }],
        session_id: `sess_${index}`,
        stats: { loginsCount: (index % 13) + 1 },
      },
      isMobile: false,
    }
  }
  return logs
}

module.exports = { makeLogs, logId }
