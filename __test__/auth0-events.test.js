'use strict'
// SPEC 2.5: Auth0 logs stored as auth events through event ingestion, once per log.
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { test } = require('node:test')

const { LogsProcessor, createEventStoreHandler, initializeEventIngestion, getEventIngestionProvider, shutdownEventIngestion } = require('..')
const { fakeAuth0, credentials } = require('./fake-auth0/harness')
const { memoryStorage } = require('./fake-auth0/storage')

test('stores Auth0 logs as events with mapped types, and re-shipping does not duplicate them', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth0-events-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: path.join(dir, 'events.db') })
  t.after(() => shutdownEventIngestion())
  const types = (index) => ['s', 'fp', 'ss', 'slo', 'du', 'gd_auth_failed'][index % 6]
  const server = await fakeAuth0(t, { count: 24, logOptions: { types } })
  const handler = createEventStoreHandler()

  await new LogsProcessor(memoryStorage(), credentials(server, { batchSize: 10 })).run(handler)
  const provider = getEventIngestionProvider()
  assert.equal(await provider.count(), 24)

  // Everything again from the start: the same ids, no new rows.
  const again = await new LogsProcessor(memoryStorage(), credentials(server, { batchSize: 10 })).run(handler)
  assert.equal(again.status.logsProcessed, 24)
  assert.equal(await provider.count(), 24)

  const { events } = await provider.query({ limit: 100, sort: 'asc' })
  const byCode = Object.fromEntries(events.map((event) => [event.metadata.auth0.type, event]))
  assert.deepEqual([byCode.s.type, byCode.s.status], ['user.logged_in', 'success'])
  assert.deepEqual([byCode.fp.type, byCode.fp.status], ['user.logged_in', 'failed'])
  assert.equal(byCode.ss.type, 'user.joined')
  assert.equal(byCode.slo.type, 'user.logged_out')
  assert.equal(byCode.du.type, 'user.deleted')
  assert.deepEqual([byCode.gd_auth_failed.type, byCode.gd_auth_failed.status], ['gd_auth_failed', 'failed'])
  const first = server.logs[0]
  const stored = events.find((event) => event.metadata.auth0._id === first._id)
  assert.deepEqual(stored.metadata.auth0, first)
  assert.equal(stored.source, 'auth0')
  assert.equal(stored.userId, first.user_id)
  assert.equal(stored.ipAddress, first.ip)
  assert.equal(stored.timestamp.toISOString(), first.date)
})

test('without event ingestion the handler fails, so the processor keeps the logs for later', async (t) => {
  const server = await fakeAuth0(t, { count: 5 })
  const result = await new LogsProcessor(memoryStorage(), credentials(server, { maxRetries: 0 })).run(createEventStoreHandler())
  assert.match(result.status.error.message, /Event ingestion is not initialized/)
  assert.equal(result.checkpoint, null)
})
