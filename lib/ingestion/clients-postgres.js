'use strict'
// `events.client` for clientType postgres / prisma / drizzle: a connection string or config
// object as given, or the JS client users already have (a pg Pool or Client, a Drizzle
// instance, a Prisma client) read for its connection parameters. The native store opens its
// own connections. Messages never include a password.
const { registerClientDescriber } = require('./clients')
const { describe, typeError } = require('../errors')

const FORMS =
  'a connection string (postgres://user:pass@host:5432/db), { connectionString }, { host, port, user, password, database }, a pg Pool or Client, a Drizzle instance or a Prisma client whose datasource URL can be read'

const CONFIG_FIELDS = ['connectionString', 'host', 'port', 'user', 'password', 'database', 'ssl']

/** The plain fields of a pg config (its `ssl` reduced to what the native store honours). */
function configFields(clientType, config) {
  const fields = {}
  for (const name of CONFIG_FIELDS) {
    if (config[name] !== undefined && config[name] !== null) fields[name] = config[name]
  }
  if (fields.ssl && typeof fields.ssl === 'object') {
    if (fields.ssl.ca || fields.ssl.cert || fields.ssl.key) {
      throw typeError('invalid_config', 
        `events.client for clientType '${clientType}': ssl.ca / ssl.cert / ssl.key are not read; trust a private CA by naming its certificate file in NODE_EXTRA_CA_CERTS`,
      )
    }
    fields.ssl = { rejectUnauthorized: fields.ssl.rejectUnauthorized !== false }
  }
  return fields
}

function isPgPool(client) {
  return typeof client.connect === 'function' && typeof client.Client === 'function' && client.options
}

function isPgClient(client) {
  return typeof client.query === 'function' && client.connectionParameters && typeof client.connectionParameters === 'object'
}

function isPrisma(client) {
  return typeof client.$connect === 'function' && (typeof client.$queryRaw === 'function' || typeof client.$executeRaw === 'function')
}

/** The datasource URL of a Prisma client, where its (internal) engine config exposes it. */
function prismaUrl(clientType, prisma) {
  const config = prisma._engineConfig ?? {}
  for (const sources of [config.overrideDatasources, config.inlineDatasources]) {
    if (!sources || typeof sources !== 'object') continue
    for (const source of Object.values(sources)) {
      const url = source?.url
      if (typeof url === 'string' && url) return url
      if (url && typeof url.value === 'string' && url.value) return url.value
      if (url && typeof url.fromEnvVar === 'string' && process.env[url.fromEnvVar]) return process.env[url.fromEnvVar]
    }
  }
  if (typeof config.datasourceUrl === 'string' && config.datasourceUrl) return config.datasourceUrl
  throw typeError('invalid_config', 
    `events.client for clientType '${clientType}': the datasource URL of this Prisma client cannot be read; pass the database URL instead (for example events.client = process.env.DATABASE_URL)`,
  )
}

function postgresClient(clientType, client) {
  if (typeof client === 'string' && client) return client
  if (client && typeof client === 'object') {
    // Drizzle (node-postgres driver): the pg Pool or Client it wraps.
    if (client.$client && typeof client.$client === 'object') return postgresClient(clientType, client.$client)
    if (isPrisma(client)) return prismaUrl(clientType, client)
    // A pg Pool: a Client built from its options resolves defaults (PG* variables, the URL) as pg does.
    if (isPgPool(client)) return configFields(clientType, new client.Client(client.options).connectionParameters)
    if (isPgClient(client)) return configFields(clientType, client.connectionParameters)
    if (CONFIG_FIELDS.some((name) => name in client) && client.constructor === Object) return configFields(clientType, client)
  }
  throw typeError('invalid_config', `events.client for clientType '${clientType}' must be ${FORMS}; got ${describe(client)}`)
}

registerClientDescriber(['postgres', 'prisma', 'drizzle'], postgresClient)

module.exports = { postgresClient }
