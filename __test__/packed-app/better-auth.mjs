// The Better Auth plugin from the installed package: a sign-up through auth.handler, as an
// HTTP server would send it, is recorded with the new user's id, IP and user agent.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { betterAuth } from 'better-auth'
import { memoryAdapter } from 'better-auth/adapters/memory'
import { getEventIngestionProvider, shutdownEventIngestion } from 'auth-ingest'
import { authIngest } from 'auth-ingest/better-auth'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-ingest-better-auth-'))
const auth = betterAuth({
  baseURL: 'http://127.0.0.1:3000',
  secret: 'a-test-secret-of-at-least-32-characters!',
  database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
  emailAndPassword: { enabled: true },
  plugins: [authIngest({ enabled: true, clientType: 'sqlite', client: path.join(dir, 'events.db') })],
})

const response = await auth.handler(
  new Request('http://127.0.0.1:3000/api/auth/sign-up/email', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'packed-app/1.0', 'x-forwarded-for': '203.0.113.9' },
    body: JSON.stringify({ email: 'ada@example.com', password: 'correct horse battery', name: 'Ada Lovelace' }),
  }),
)
assert.equal(response.status, 200)
const { user } = await response.json()
// The plugin hands events over without making the response wait for the store: poll for it.
const deadline = Date.now() + 5_000
let { events } = await getEventIngestionProvider().query({ sort: 'asc' })
while (!events.some((event) => event.type === 'user.joined') && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 20))
  ;({ events } = await getEventIngestionProvider().query({ sort: 'asc' }))
}
const joined = events.find((event) => event.type === 'user.joined')
assert.ok(joined, `stored: ${events.map((event) => event.type)}`)
assert.equal(joined.userId, user.id)
assert.equal(joined.userAgent, 'packed-app/1.0')
assert.equal(joined.ipAddress, '203.0.113.9')
assert.equal(joined.display.message, 'Ada Lovelace joined!')
await shutdownEventIngestion()
fs.rmSync(dir, { recursive: true })
console.log(`Better Auth sign-up recorded: ${events.map((event) => event.type).join(', ')}`)
