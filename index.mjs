// ESM entry: the same module as index.js, with named exports.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const authIngest = require('./index.js')

export const {
  initializeEventIngestion,
  emitEvent,
  getEventIngestionProvider,
  checkEventIngestionHealth,
  shutdownEventIngestion,
  isEventIngestionInitialized,
  getEventQueueSize,
  getEventIngestionMetrics,
  LogsApiClient,
  LogsApiStream,
  LogsProcessor,
  logTypes,
  ArgumentError,
  ManagementApiError,
  createEventStoreHandler,
} = authIngest

export default authIngest
