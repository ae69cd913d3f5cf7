'use strict'
// A fake OAuth2 provider on 127.0.0.1 for the Better Auth plugin's tests: `/authorize`
// approves at once (redirecting back with a code for the profile queued by `nextProfile`),
// `/token` trades the code for an access token, `/userinfo` answers the profile.
const http = require('node:http')
const { randomUUID } = require('node:crypto')
const { listenLocally } = require('../helpers/store-servers')

async function startFakeOAuthProvider() {
  const profiles = new Map() // code or access token → profile
  let queued = null
  const sockets = new Set()
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1')
    const json = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(body))
    }
    if (url.pathname === '/authorize') {
      const code = randomUUID()
      profiles.set(code, queued)
      const back = new URL(url.searchParams.get('redirect_uri'))
      back.searchParams.set('code', code)
      back.searchParams.set('state', url.searchParams.get('state'))
      response.writeHead(302, { location: back.toString() })
      return response.end()
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      let text = ''
      for await (const chunk of request) text += chunk
      const profile = profiles.get(new URLSearchParams(text).get('code'))
      if (!profile) return json(400, { error: 'invalid_grant' })
      const accessToken = `access-${randomUUID()}`
      profiles.set(accessToken, profile)
      return json(200, {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'openid email profile',
      })
    }
    if (url.pathname === '/userinfo') {
      const profile = profiles.get((request.headers.authorization ?? '').replace(/^Bearer /, ''))
      return profile ? json(200, { id: profile.sub, ...profile }) : json(401, { error: 'invalid_token' })
    }
    json(404, { error: 'not_found' })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const { port, close } = await listenLocally(server, sockets)
  const origin = `http://127.0.0.1:${port}`
  return {
    origin,
    close,
    /** The profile the next authorization returns: `{ sub, email, name, email_verified }`. */
    nextProfile(profile) {
      queued = profile
    },
    /** Better Auth's genericOAuth provider configuration pointed at this server. */
    config(providerId) {
      return {
        providerId,
        clientId: 'auth-ingest-tests',
        clientSecret: 'fake-client-secret',
        authorizationUrl: `${origin}/authorize`,
        tokenUrl: `${origin}/token`,
        userInfoUrl: `${origin}/userinfo`,
        scopes: ['openid', 'email', 'profile'],
      }
    },
  }
}

module.exports = { startFakeOAuthProvider }
