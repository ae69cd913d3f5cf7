// Types of the event-ingestion API (SPEC part 1), compatible with better-auth-studio's.

/** The 36 event types with display rules; any other string is accepted too. */
export type KnownAuthEventType =
  | 'user.joined' | 'user.logged_in' | 'user.logged_out' | 'user.updated' | 'user.password_changed'
  | 'user.email_verified' | 'user.banned' | 'user.unbanned' | 'user.deleted' | 'user.delete_verification_requested'
  | 'session.created' | 'login.failed'
  | 'password.reset_requested' | 'password.reset_completed' | 'password.reset_requested_otp' | 'password.reset_completed_otp'
  | 'oauth.linked' | 'oauth.unlinked' | 'oauth.sign_in'
  | 'organization.created' | 'organization.updated' | 'organization.deleted'
  | 'member.added' | 'member.removed' | 'member.role_changed'
  | 'invitation.created' | 'invitation.accepted' | 'invitation.rejected' | 'invitation.cancelled'
  | 'team.created' | 'team.updated' | 'team.deleted' | 'team.member.added' | 'team.member.removed'
  | 'phone_number.otp_requested' | 'phone_number.verification'

export type AuthEventType = KnownAuthEventType | (string & {})

export type EventSeverity = 'success' | 'failed' | 'warning' | 'info'

export interface AuthEvent {
  /** UUIDv7: ids sort by creation time. */
  id: string
  type: AuthEventType
  timestamp: Date
  status: 'success' | 'failed'
  userId?: string | null
  sessionId?: string | null
  organizationId?: string | null
  metadata: Record<string, any>
  ipAddress?: string | null
  userAgent?: string | null
  source: string
  display: { message: string; severity: EventSeverity }
}

export interface EmitEventData {
  status: 'success' | 'failed'
  userId?: string
  sessionId?: string
  organizationId?: string
  metadata?: Record<string, any>
  request?: {
    /** A plain object, or a fetch `Headers` instance. */
    headers: Record<string, string> | { get(name: string): string | null }
    ip?: string
  }
}

export interface EventQueryOptions {
  /** Default 20, at most 10 000. */
  limit?: number
  offset?: number
  /** A previous `nextCursor` (a keyset cursor over timestamp and id), or an event id. */
  after?: string
  /** Default 'desc' (newest first). */
  sort?: 'asc' | 'desc'
  type?: string
  userId?: string
  since?: Date | string
}

export interface EventQueryResult {
  events: AuthEvent[]
  hasMore: boolean
  nextCursor: string | null
}

export interface EventStats {
  total: number
  success: number
  failed: number
  warning: number
  info: number
}

export interface EventIngestionProvider {
  ingest(event: AuthEvent): Promise<void> | void
  ingestBatch?(events: AuthEvent[]): Promise<void> | void
  query?(options: EventQueryOptions): Promise<EventQueryResult>
  count?(): Promise<number>
  getStats?(): Promise<EventStats>
  healthCheck?(): Promise<boolean> | boolean
  shutdown?(): Promise<void> | void
}

/** A provider backed by one of the native stores: every method is there. */
export interface NativeEventIngestionProvider extends Required<EventIngestionProvider> {
  ingest(event: AuthEvent): Promise<void>
  ingestBatch(events: AuthEvent[]): Promise<void>
  healthCheck(): Promise<boolean>
  shutdown(): Promise<void>
}

export type EventClientType = 'postgres' | 'prisma' | 'drizzle' | 'clickhouse' | 'https' | 'sqlite' | 'node-sqlite'

/** A connection description, or a JS client object the addon reads connection parameters from. */
export type EventClient =
  | string
  | { connectionString: string }
  | { host?: string; port?: number; user?: string; password?: string; database?: string; ssl?: boolean | object }
  | { url: string; username?: string; password?: string; database?: string }
  | { $client: unknown }
  | object

export interface EventsConfig {
  enabled?: boolean
  /** Where events go, interpreted by `clientType` (SQLite file `auth-events.db` when both are absent). */
  client?: EventClient
  clientType?: EventClientType
  /** A custom provider written in JS; wins over `client`. */
  provider?: EventIngestionProvider
  /** Default `auth_events`; an SQL identifier, optionally `schema.table`. */
  tableName?: string
  /** Default 1 (each event written before emitEvent resolves); > 1 batches. */
  batchSize?: number
  /** Milliseconds between flushes of a partial batch; default 5000. */
  flushInterval?: number
  include?: string[]
  exclude?: string[]
  /** Default true here: failed batches are retried (set false to hand them to onError at once). */
  retryOnError?: boolean
  /** Called once per event before it is stored; its failures are logged, never block. */
  onEventIngest?: (event: AuthEvent) => void | Promise<void>
  /** Extra HTTP headers for the `https` client type. */
  headers?: Record<string, string>
  /** Events held in memory before emitEvent waits for room; default 100 000. */
  maxQueueSize?: number
  /**
   * How long an event that arrives while the queue is full waits for room (ms); default
   * `timeoutMs`. Past it the event goes to `onError` (counted in the metrics' `dropped`) and its
   * `emitEvent` resolves: an outage longer than the queue never holds up a sign-in.
   */
  maxQueueWaitMs?: number
  /** Retries of a batch the store refused for a reason other than an outage; default 5. */
  maxRetries?: number
  /** Events the engine finally gives up on, with the last error. */
  onError?: (error: Error, events: AuthEvent[]) => void | Promise<void>
  /** Timeout of each store call, and of the flush at shutdown; default 10 000 ms. */
  timeoutMs?: number
}

/** `StudioConfig` as far as events are concerned. */
export interface StudioConfig {
  events?: EventsConfig
  [key: string]: unknown
}

export interface EventIngestionMetrics {
  accepted: number
  stored: number
  failed: number
  retries: number
  pending: number
  /** Given up on after waiting `maxQueueWaitMs` for room in a full queue (also in `onError`). */
  dropped: number
}

export function initializeEventIngestion(eventsConfig: EventsConfig): void
export function emitEvent(type: AuthEventType, data: EmitEventData, eventsConfig?: EventsConfig): Promise<void>
export function getEventIngestionProvider(): EventIngestionProvider | NativeEventIngestionProvider | null
export function checkEventIngestionHealth(): Promise<boolean>
export function shutdownEventIngestion(): Promise<void>
export function isEventIngestionInitialized(): boolean
export function getEventQueueSize(): number
/** Counters since initialization, or null when not initialized. */
export function getEventIngestionMetrics(): EventIngestionMetrics | null
