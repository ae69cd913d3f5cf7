// ESM entry of `auth-ingest/better-auth`: the same module as lib/better-auth/index.js.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const betterAuthPlugin = require('./lib/better-auth/index.js')

export const { authIngest } = betterAuthPlugin

export default betterAuthPlugin
