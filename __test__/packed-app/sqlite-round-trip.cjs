'use strict'
// A round trip through the embedded SQLite store: events in, read back page by page.
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const ingest = require('auth-ingest')

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-ingest-app-'))
  const file = path.join(dir, 'events.db')
  ingest.initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: file })
  for (let index = 0; index < 25; index++) {
    await ingest.emitEvent('user.logged_in', { status: index % 5 ? 'success' : 'failed', userId: `user_${index}` })
  }
  const provider = ingest.getEventIngestionProvider()
  assert.equal(await provider.count(), 25)
  const userIds = []
  let page = await provider.query({ limit: 10, sort: 'asc' })
  userIds.push(...page.events.map((event) => event.userId))
  while (page.hasMore) {
    page = await provider.query({ limit: 10, sort: 'asc', after: page.nextCursor })
    userIds.push(...page.events.map((event) => event.userId))
  }
  assert.deepEqual(userIds, Array.from({ length: 25 }, (_, index) => `user_${index}`))
  assert.deepEqual(await provider.getStats(), { total: 25, success: 20, failed: 5, warning: 0, info: 0 })
  await ingest.shutdownEventIngestion()
  assert.ok(fs.statSync(file).size > 0)
  fs.rmSync(dir, { recursive: true })
  console.log('25 events stored in SQLite and read back in 3 pages')
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
