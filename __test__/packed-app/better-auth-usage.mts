// Compiled with `tsc --noEmit`: the plugin's typings accept real usage and refuse misuse.
import { betterAuth } from 'better-auth'
import { organization } from 'better-auth/plugins/organization'
import { authIngest, type AuthIngestPlugin } from 'auth-ingest/better-auth'
import { getEventIngestionProvider, type AuthEvent } from 'auth-ingest'

const plugin: AuthIngestPlugin = authIngest({
  enabled: true,
  clientType: 'sqlite',
  client: './auth-events.db',
  batchSize: 50,
})
const id: 'auth-ingest' = plugin.id

export const auth = betterAuth({
  emailAndPassword: { enabled: true },
  plugins: [organization(), plugin, authIngest()],
})

export async function recent(): Promise<AuthEvent[] | undefined> {
  const page = await getEventIngestionProvider()?.query?.({ limit: 10, type: 'user.logged_in' })
  return page?.events
}

// @ts-expect-error clientType is one of the known stores
authIngest({ enabled: true, clientType: 'mongodb' })
// @ts-expect-error the config is an object
authIngest('./auth-events.db')

void id

// The plugin leaves Better Auth's API typed.
export const signIn = () => auth.api.signInEmail({ body: { email: 'ada@example.com', password: 'correct-horse' } })
// @ts-expect-error signInEmail takes an email and a password
export const wrongSignIn = () => auth.api.signInEmail({ body: { email: 'ada@example.com' } })
