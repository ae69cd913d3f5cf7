// Compiled with `tsc --noEmit`: the typings accept real usage and refuse misuse.
import {
  initializeEventIngestion,
  emitEvent,
  getEventIngestionProvider,
  checkEventIngestionHealth,
  shutdownEventIngestion,
  isEventIngestionInitialized,
  getEventQueueSize,
  type AuthEvent,
  type EventIngestionProvider,
  type EventQueryResult,
} from '../..'

const provider: EventIngestionProvider = {
  async ingest(event: AuthEvent) {
    const when: Date = event.timestamp
    void when
  },
  async ingestBatch(events) {
    void events.length
  },
}

initializeEventIngestion({ enabled: true, clientType: 'sqlite', client: './auth-events.db', batchSize: 100, flushInterval: 1000 })
initializeEventIngestion({ enabled: true, provider, onError: (error, events) => console.error(error.message, events.length) })

async function main(): Promise<void> {
  await emitEvent('user.logged_in', {
    status: 'success',
    userId: 'user_123',
    metadata: { email: 'john@example.com' },
    request: { headers: { 'user-agent': 'Mozilla/5.0' }, ip: '192.168.1.1' },
  })
  await emitEvent('custom.type', { status: 'failed' })
  const active = getEventIngestionProvider()
  const page: EventQueryResult | undefined = await active?.query?.({ limit: 10, sort: 'desc', since: new Date() })
  const next: string | null | undefined = page?.nextCursor
  void next
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
