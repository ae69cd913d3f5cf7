'use strict'
// A real Better Auth application for the plugin's tests: its own database (SQLite through
// better-sqlite3, or PostgreSQL through pg), email and password with the reset, verification
// and deletion tokens captured from the mail callbacks, requests sent through `auth.handler`
// as an HTTP server would send them, each client with its own cookies, user agent and
// `x-forwarded-for`.
const { betterAuth } = require('better-auth')
const { getMigrations } = require('better-auth/db/migration')

const BASE_URL = 'http://localhost:3000'
const SECRET = 'auth-ingest-tests-secret-0123456789abcdef-0123456789abcdef'

/** Tokens and codes the application "mailed", by email address (or phone number). */
function createMailbox() {
  return { resetTokens: new Map(), verificationTokens: new Map(), deleteTokens: new Map(), otps: new Map() }
}

async function createApp({ database, plugins = [], options = {}, mailbox = createMailbox() }) {
  const auth = betterAuth({
    baseURL: BASE_URL,
    secret: SECRET,
    database,
    logger: { disabled: true },
    emailAndPassword: {
      enabled: true,
      sendResetPassword: async ({ user, token }) => void mailbox.resetTokens.set(user.email, token),
    },
    emailVerification: {
      sendVerificationEmail: async ({ user, token }) => void mailbox.verificationTokens.set(user.email, token),
    },
    user: {
      deleteUser: {
        enabled: true,
        sendDeleteAccountVerification: async ({ user, token }) => void mailbox.deleteTokens.set(user.email, token),
      },
    },
    plugins,
    ...options,
  })
  const { runMigrations } = await getMigrations((await auth.$context).options)
  await runMigrations()
  return { auth, mailbox, client: (identity) => new Client(auth, identity) }
}

/** A browser: its cookies, user agent and address (sent as `x-forwarded-for`). */
class Client {
  constructor(auth, { userAgent = 'Mozilla/5.0 (auth-ingest tests)', forwardedFor = '203.0.113.7' } = {}) {
    this.auth = auth
    this.userAgent = userAgent
    this.forwardedFor = forwardedFor
    this.cookies = new Map()
  }

  get cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  /** `{ status, body, location, setCookies }` of one request to `/api/auth<path>`. */
  async send(path, { body, method = body === undefined ? 'GET' : 'POST', headers = {} } = {}) {
    const request = new Request(`${BASE_URL}/api/auth${path}`, {
      method,
      headers: {
        'user-agent': this.userAgent,
        'x-forwarded-for': this.forwardedFor,
        origin: BASE_URL,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookies.size > 0 ? { cookie: this.cookieHeader } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const response = await this.auth.handler(request)
    const setCookies = response.headers.getSetCookie()
    for (const cookie of setCookies) this.keep(cookie)
    const text = await response.text()
    let parsed = text
    try {
      parsed = JSON.parse(text)
    } catch {}
    return { status: response.status, body: parsed, location: response.headers.get('location'), setCookies }
  }

  keep(setCookie) {
    const [pair] = setCookie.split(';')
    const separator = pair.indexOf('=')
    const name = pair.slice(0, separator)
    const value = pair.slice(separator + 1)
    if (value === '' || /max-age=0\b/i.test(setCookie)) this.cookies.delete(name)
    else this.cookies.set(name, value)
  }

  signUp(email, name, password = 'correct-horse-battery') {
    return this.send('/sign-up/email', { body: { email, name, password } })
  }

  signIn(email, password = 'correct-horse-battery') {
    return this.send('/sign-in/email', { body: { email, password } })
  }

  signOut() {
    return this.send('/sign-out', { body: {} })
  }
}

module.exports = { createApp, createMailbox, Client, BASE_URL }
