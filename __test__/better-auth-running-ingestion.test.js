'use strict'
// The plugin records into ingestion that is already running (here a custom JS provider, read
// back from what it received), with or without a config of its own; a config given while it
// runs does not start another store.
const { test, afterEach } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const Database = require('./helpers/better-sqlite3')
const { authIngest } = require('auth-ingest/better-auth')
const { initializeEventIngestion, shutdownEventIngestion } = require('..')
const { createApp } = require('./helpers/better-auth-app')
const { recordingProvider } = require('./helpers/recording-provider')
const { assertEvent } = require('./helpers/stored-events')
const { tempFile } = require('./helpers/temp')

afterEach(() => shutdownEventIngestion())

for (const [name, config] of [
  ['authIngest()', () => undefined],
  ['authIngest(a config of its own)', (file) => ({ enabled: true, clientType: 'sqlite', client: file })],
]) {
  test(`${name} records into the running ingestion`, async () => {
    const provider = recordingProvider()
    initializeEventIngestion({ enabled: true, provider, batchSize: 10, flushInterval: 20 })
    const unusedFile = tempFile('unused-events.db')
    const app = await createApp({
      database: new Database(tempFile('auth.db')),
      plugins: [authIngest(config(unusedFile))],
    })
    const browser = app.client({ userAgent: 'running-ingestion', forwardedFor: '192.0.2.77' })
    const userId = (await browser.signUp('kim@example.com', 'Kim Running')).body.user.id
    await shutdownEventIngestion()
    const events = provider.events
    assert.deepEqual(
      events.map((e) => e.type),
      ['user.joined', 'session.created'],
    )
    const seen = { ipAddress: '192.0.2.77', userAgent: 'running-ingestion' }
    assertEvent(events[0], {
      type: 'user.joined',
      userId,
      metadata: { email: 'kim@example.com' },
      message: 'Kim Running joined!',
      ...seen,
    })
    assertEvent(events[1], { type: 'session.created', userId, message: 'New session created for Kim Running', ...seen })
    assert.equal(fs.existsSync(unusedFile), false)
  })
}
