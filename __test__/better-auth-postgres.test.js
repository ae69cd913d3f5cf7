'use strict'
// The plugin on Better Auth's own flows with Better Auth's database on PostgreSQL (pg) and
// the events in the PostgreSQL store: each setup gets a fresh schema holding both.
// Without a server the suite is skipped (under CI=true it fails).
const { describe, test, after, afterEach } = require('node:test')
const { Pool } = require('pg')
const { defineCoreFlowTests } = require('./helpers/better-auth-core-flows')
const { POSTGRES_URL, requireServer, uniqueTable } = require('./helpers/store-servers')

describe('Better Auth on PostgreSQL', async () => {
  const skip = await requireServer('postgres', test)
  if (skip) return test('Better Auth on PostgreSQL', { skip }, () => {})
  const admin = new Pool({ connectionString: POSTGRES_URL, max: 1 })
  const pools = []
  const schemas = []
  let schema = null

  after(async () => {
    await Promise.all(pools.map((pool) => pool.end()))
    for (const name of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)
    await admin.end()
  })

  defineCoreFlowTests({
    test,
    afterEach,
    // Called first in each setup: a fresh schema, and Better Auth's pool confined to it.
    async eventsConfig() {
      schema = uniqueTable('better_auth')
      schemas.push(schema)
      await admin.query(`CREATE SCHEMA ${schema}`)
      return { enabled: true, clientType: 'postgres', client: POSTGRES_URL, tableName: `${schema}.auth_events` }
    },
    database() {
      const pool = new Pool({ connectionString: POSTGRES_URL, max: 4, options: `-c search_path=${schema}` })
      pools.push(pool)
      return pool
    },
  })
})
