'use strict'
// The plugin on Better Auth's own flows with Better Auth's database on SQLite (better-sqlite3)
// and the events in another SQLite file (see helpers/better-auth-core-flows.js).
const { test, afterEach } = require('node:test')
const Database = require('./helpers/better-sqlite3')
const { defineCoreFlowTests } = require('./helpers/better-auth-core-flows')
const { tempFile } = require('./helpers/temp')

defineCoreFlowTests({
  test,
  afterEach,
  database: () => new Database(tempFile('auth.db')),
  eventsConfig: () => ({ enabled: true, clientType: 'sqlite', client: tempFile('events.db') }),
})
