'use strict'
// `events.client` as users pass it (a path, a URL, a config object, or the JS client object
// they already have) turned into the plain connection description the native store opens.
const path = require('node:path')
const { describe, typeError } = require('../errors')

const SQLITE_FORMS =
  'a database file path, a better-sqlite3 Database or a node:sqlite DatabaseSync opened on a file'

function inMemory(clientType) {
  return typeError('invalid_config', 
    `events.client for clientType '${clientType}': an in-memory SQLite database lives only in JavaScript memory and cannot be shared with the native store; open it on a file or pass the file path`,
  )
}

function sqliteClient(clientType, client) {
  if (client == null) return null
  if (typeof client === 'string') return client
  if (typeof client === 'object') {
    // better-sqlite3: `name` is the file it was opened with, `memory` tells an in-memory one.
    if (typeof client.prepare === 'function' && typeof client.name === 'string') {
      if (client.memory || client.name === ':memory:' || client.name === '') throw inMemory(clientType)
      return path.resolve(client.name)
    }
    // node:sqlite DatabaseSync: `location()` is null for an in-memory database.
    if (typeof client.prepare === 'function' && typeof client.location === 'function') {
      const location = client.location()
      if (!location) throw inMemory(clientType)
      return location
    }
  }
  throw typeError('invalid_config', `events.client for clientType '${clientType}' must be ${SQLITE_FORMS}; got ${describe(client)}`)
}

const DESCRIBERS = {
  sqlite: sqliteClient,
  'node-sqlite': sqliteClient,
}

/** Registers how another clientType's JS client objects are read (one file per backend). */
function registerClientDescriber(clientTypes, describer) {
  for (const clientType of clientTypes) DESCRIBERS[clientType] = describer
}

function describeClient(clientType, client) {
  const describer = DESCRIBERS[clientType]
  return describer ? describer(clientType, client) : client
}

module.exports = { describeClient, registerClientDescriber }

// One file per backend registers how its clientTypes' JS client objects are read.
require('./clients-postgres')
require('./clients-clickhouse')
