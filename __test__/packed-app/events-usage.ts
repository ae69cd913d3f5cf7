// Compiled by tsc (strict, skipLibCheck: false) in the repository (__test__/typings) and in the
// packed-install app: the event-ingestion typings accept real usage and refuse misuse.
import {
  initializeEventIngestion,
  emitEvent,
  getEventIngestionProvider,
  checkEventIngestionHealth,
  shutdownEventIngestion,
  isEventIngestionInitialized,
  getEventQueueSize,
  getEventIngestionMetrics,
  type AuthEvent,
  type AuthEventType,
  type KnownAuthEventType,
  type EventSeverity,
  type EmitEventData,
  type EventClient,
  type EventClientType,
  type EventIngestionMetrics,
  type EventIngestionProvider,
  type EventQueryOptions,
  type EventQueryResult,
  type EventStats,
  type EventsConfig,
  type NativeEventIngestionProvider,
  type StudioConfig,
} from 'auth-ingest'

const provider: EventIngestionProvider = {
  async ingest(event: AuthEvent) {
    const when: Date = event.timestamp
    const severity: EventSeverity = event.display.severity
    void [when, severity]
  },
  async ingestBatch(events) {
    void events.length
  },
}

const clientType: EventClientType = 'sqlite'
const client: EventClient = './auth-events.db'
const sqlite: EventsConfig = { enabled: true, clientType, client, batchSize: 100, flushInterval: 1000 }
const studio: StudioConfig = { events: sqlite, basePath: '/studio' }
initializeEventIngestion(studio.events ?? sqlite)
initializeEventIngestion({ enabled: true, provider, onError: (error, events) => console.error(error.message, events.length) })

async function main(): Promise<void> {
  const known: KnownAuthEventType = 'user.logged_in'
  const data: EmitEventData = {
    status: 'success',
    userId: 'user_123',
    metadata: { email: 'john@example.com' },
    request: { headers: { 'user-agent': 'Mozilla/5.0' }, ip: '192.168.1.1' },
  }
  await emitEvent(known, data)
  const custom: AuthEventType = 'custom.type'
  await emitEvent(custom, { status: 'failed' })
  const active = getEventIngestionProvider()
  const options: EventQueryOptions = { limit: 10, sort: 'desc', since: new Date() }
  const page: EventQueryResult | undefined = await active?.query?.(options)
  const next: string | null | undefined = page?.nextCursor
  const stats: EventStats | undefined = await active?.getStats?.()
  const native = active as NativeEventIngestionProvider
  const total: number = await native.count()
  const metrics: EventIngestionMetrics | null = getEventIngestionMetrics()
  void [next, stats?.total, total, metrics?.stored]
  const healthy: boolean = await checkEventIngestionHealth()
  const size: number = getEventQueueSize()
  const ready: boolean = isEventIngestionInitialized()
  void [healthy, size, ready]
  await shutdownEventIngestion()
  // @ts-expect-error status is required
  await emitEvent('user.joined', {})
  // @ts-expect-error batchSize is a number
  initializeEventIngestion({ enabled: true, batchSize: '10' })
  // @ts-expect-error unknown clientType
  initializeEventIngestion({ enabled: true, clientType: 'mongodb' })
}

void main
