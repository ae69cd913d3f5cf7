'use strict'
// `events.client` for clientType clickhouse: a URL or `{ url, username, password, database }`
// as given, or a @clickhouse/client client read for its connection parameters. The native
// store opens its own connections. Messages never include a password.
const { registerClientDescriber } = require('./clients')
const { describe, typeError } = require('../errors')

const FORMS =
  'a URL (http://user:pass@host:8123/db), { url, username, password, database } or a @clickhouse/client client whose URL can be read'

const CONFIG_FIELDS = ['url', 'host', 'username', 'password', 'database']

function configFields(config) {
  const fields = {}
  for (const name of CONFIG_FIELDS) {
    const value = config[name]
    if (value === undefined || value === null) continue
    fields[name] = value instanceof URL ? value.href : value
  }
  return fields
}

/** @clickhouse/client (1.x) keeps its resolved connection parameters on `connectionParams`. */
function clickhouseClientParams(client) {
  const params = client.connectionParams ?? client.connection?.params ?? client.config
  if (!params || typeof params !== 'object') return null
  const url = params.url ?? params.host
  if (!url) return null
  return configFields({
    url,
    username: params.username ?? params.auth?.username,
    password: params.password ?? params.auth?.password,
    database: params.database,
  })
}

function clickhouseClient(clientType, client) {
  if (typeof client === 'string' && client) return client
  if (client instanceof URL) return client.href
  if (client && typeof client === 'object') {
    if (typeof client.insert === 'function' && typeof client.query === 'function') {
      const params = clickhouseClientParams(client)
      if (params) return params
      throw typeError('invalid_config', 
        `events.client for clientType '${clientType}': the URL of this ClickHouse client cannot be read; pass { url, username, password, database } instead`,
      )
    }
    if (client.constructor === Object && CONFIG_FIELDS.some((name) => name in client)) return configFields(client)
  }
  throw typeError('invalid_config', `events.client for clientType '${clientType}' must be ${FORMS}; got ${describe(client)}`)
}

registerClientDescriber(['clickhouse'], clickhouseClient)

module.exports = { clickhouseClient }
