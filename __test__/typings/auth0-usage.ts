// Compiled with `tsc --noEmit`: the Auth0 log tools as auth0-log-extension-tools users write them.
import {
  LogsApiClient,
  LogsApiStream,
  LogsProcessor,
  logTypes,
  ArgumentError,
  ManagementApiError,
  createEventStoreHandler,
  type Auth0Log,
  type LogsPage,
} from '../..'

const options = { domain: 'tenant.eu.auth0.com', clientId: 'id', clientSecret: 'secret' }

async function main(): Promise<void> {
  const client = new LogsApiClient({
    ...options,
    tokenCache: { getToken: async () => null, setToken: async () => undefined },
  })
  const { token, expiresAt } = await client.getAccessToken()
  void [token.length, expiresAt + 1]
  const page: LogsPage = await client.getLogs({ take: 100, from: 'x' })
  void page.limits.remaining

  const stream = new LogsApiStream({ ...options, checkpointId: null, types: ['s', 'f'] })
  stream.on('data', (data: LogsPage) => {
    stream.next(50)
    void data.logs.length
  })
  stream.on('error', (error) => console.log(error.message))
  stream.next(50)
  for await (const data of stream) void data.logs

  const storage = { read: async () => ({}), write: async (_data: object) => undefined }
  const processor = new LogsProcessor(storage, { ...options, batchSize: 100, logTypes: ['s'], logLevel: 2 })
  const result = await processor.run((logs: Auth0Log[], callback) => {
    void logs.map((log) => log._id)
    callback()
  })
  void result.status.checkpoint
  await processor.run(createEventStoreHandler())
  const severity: string = logTypes['s'].severity
  void severity
  try {
    new LogsApiClient(options)
  } catch (error) {
    if (error instanceof ArgumentError || error instanceof ManagementApiError) void error.message
  }
  // @ts-expect-error domain must be a string
  new LogsApiClient({ ...options, domain: 42 })
}

void main
