// Compiled by tsc (strict, skipLibCheck: false) in the repository (__test__/typings) and in the
// packed-install app: the Auth0 log tools as auth0-log-extension-tools users write them.
import {
  LogsApiClient,
  LogsApiStream,
  LogsProcessor,
  logTypes,
  ArgumentError,
  ManagementApiError,
  createEventStoreHandler,
  type AccessToken,
  type Auth0Log,
  type EventStoreHandlerOptions,
  type Logger,
  type LogsApiClientOptions,
  type LogsApiStreamOptions,
  type LogsHandler,
  type LogsPage,
  type LogsProcessorOptions,
  type LogsQuery,
  type LogsStreamStatus,
  type LogType,
  type RateLimits,
  type RunReport,
  type RunResult,
  type RunStatus,
  type StorageContext,
  type TokenCache,
} from 'auth-ingest'

const options: LogsApiClientOptions = { domain: 'tenant.eu.auth0.com', clientId: 'id', clientSecret: 'secret' }

async function main(): Promise<void> {
  const tokenCache: TokenCache = { getToken: async () => null, setToken: async () => undefined }
  const client = new LogsApiClient({ ...options, tokenCache })
  const { token, expiresAt }: AccessToken = await client.getAccessToken()
  void [token.length, expiresAt + 1]
  const query: LogsQuery = { take: 100, from: 'x' }
  const page: LogsPage = await client.getLogs(query)
  const limits: RateLimits = page.limits
  void limits.remaining

  const logger: Logger = { debug: () => undefined, info: () => undefined, error: () => undefined }
  const streamOptions: LogsApiStreamOptions = { ...options, checkpointId: null, types: ['s', 'f'], logger }
  const stream = new LogsApiStream(streamOptions)
  stream.on('data', (data: LogsPage) => {
    stream.next(50)
    void data.logs.length
  })
  stream.on('error', (error) => console.log(error.message))
  stream.next(50)
  for await (const data of stream) void data.logs
  const streamStatus: LogsStreamStatus = stream.status
  void streamStatus.logsProcessed

  const storage: StorageContext = { read: async () => ({}), write: async (_data: object) => undefined }
  const processorOptions: LogsProcessorOptions = { ...options, batchSize: 100, logTypes: ['s'], logLevel: 2 }
  const processor = new LogsProcessor(storage, processorOptions)
  const handler: LogsHandler = (logs: Auth0Log[], callback) => {
    void logs.map((log) => log._id)
    callback()
  }
  const result: RunResult = await processor.run(handler)
  const status: RunStatus = result.status
  void status.checkpoint
  const report: RunReport = await processor.getReport(new Date(0))
  void report.processed
  const storeOptions: EventStoreHandlerOptions = {}
  await processor.run(createEventStoreHandler(storeOptions))
  const login: LogType = logTypes['s']
  const severity: string = login.severity
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
