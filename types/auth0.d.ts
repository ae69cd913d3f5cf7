// Types of the Auth0 log tools (SPEC part 2): a drop-in for auth0-log-extension-tools.
import { Readable } from 'node:stream'

import type { EventIngestionProvider } from './events'

/** A Management API access token; `expiresAt` in milliseconds since the epoch. */
export interface AccessToken {
  token: string
  expiresAt: number
}

/**
 * Where tokens are kept between calls (default: in memory, per client). As upstream,
 * `getToken()` is asked before every request, so a token another process stored is used;
 * one with less than 10 s left is replaced by a new one, stored with `setToken()`.
 */
export interface TokenCache {
  getToken(): Promise<AccessToken | null | undefined>
  setToken(token: AccessToken | null): Promise<void>
}

export interface LogsApiClientOptions {
  /** `tenant.eu.auth0.com` (→ https://), or a URL with a scheme (`http://127.0.0.1:4010`) used as given. */
  domain: string
  clientId: string
  /** Never shown in errors or logs. */
  clientSecret: string
  tokenCache?: TokenCache
  /** **beyond**: timeout of one HTTP request (connect, headers and body), ms. Default 10 000. */
  timeoutMs?: number
  /** **beyond**: first retry delay, ms, doubling per retry (with jitter, capped at 30 s). Default 200. */
  retryBaseDelayMs?: number
}

/** An Auth0 log as the Management API serves it. */
export interface Auth0Log {
  _id: string
  log_id?: string
  date: string
  type: string
  description?: string
  client_id?: string
  client_name?: string
  ip?: string
  user_agent?: string
  user_id?: string
  user_name?: string
  connection?: string
  details?: Record<string, unknown>
  [field: string]: unknown
}

/** The rate-limit headers of the response (null when absent). */
export interface RateLimits {
  limit: number | null
  remaining: number | null
  /** Epoch seconds at which the budget is renewed. */
  reset: number | null
}

export interface LogsPage {
  logs: Auth0Log[]
  limits: RateLimits
}

/** Query parameters of `GET /api/v2/logs`. */
export interface LogsQuery {
  from?: string
  take?: number
  page?: number
  per_page?: number
  q?: string
  sort?: string
  fields?: string
  include_fields?: boolean
  [param: string]: string | number | boolean | undefined
}

export class LogsApiClient {
  constructor(options: LogsApiClientOptions)
  readonly options: LogsApiClientOptions
  /** Always asks `POST /oauth/token`. */
  getAccessToken(): Promise<AccessToken>
  /** The cached token while it has more than 10 s left, else a new one (stored in the cache). */
  getAccessTokenCached(): Promise<AccessToken>
  /** A 403 clears the cached token and rejects with a `ManagementApiError`. */
  getLogs(params?: LogsQuery): Promise<LogsPage>
}

export interface Logger {
  debug(...args: unknown[]): void
  info(...args: unknown[]): void
  error(...args: unknown[]): void
}

export interface LogsApiStreamOptions extends LogsApiClientOptions {
  checkpointId?: string | null
  /** Log type codes to keep (`q=type:a OR type:b`, and filtered client-side). */
  types?: string[]
  /** Start of the time budget, ms since the epoch (default: now). */
  start?: number
  /** Retries of one failed request (default 5). */
  maxRetries?: number
  /** With a budget, a spent rate limit is waited out while time is left (**beyond**). */
  maxRunTimeSeconds?: number
  logger?: Logger
}

export interface LogsStreamStatus {
  startCheckpoint: string | null
  start: Date
  end: Date | null
  logsProcessed: number
  warning?: string
}

/** A Readable in object mode: `next(take)` pushes one `{ logs, limits }` page. */
export class LogsApiStream extends Readable {
  constructor(options: LogsApiStreamOptions)
  readonly options: LogsApiStreamOptions
  status: LogsStreamStatus
  lastCheckpoint: string | null
  previousCheckpoint: string | null
  /** Fetches the next page (an empty page ends the stream). */
  next(take?: number): void
  /** Ends the stream. */
  done(): void
  /** Counts the current batch as processed and moves `previousCheckpoint` to `lastCheckpoint`. */
  batchSaved(): void
  on(event: 'data', listener: (page: LogsPage) => void): this
  on(event: 'end' | 'close', listener: () => void): this
  on(event: 'error', listener: (error: ManagementApiError | Error) => void): this
  on(event: string | symbol, listener: (...args: any[]) => void): this
  [Symbol.asyncIterator](): AsyncIterableIterator<LogsPage>
}

/** What the processor keeps in it: checkpointId, startFrom, logs_access_token, logs (run history). */
export interface StorageContext {
  read(): Promise<Record<string, any> | null | undefined>
  write(data: Record<string, any>): Promise<void>
}

export interface LogsProcessorOptions extends LogsApiClientOptions {
  /** Logs per handler call (default 100). */
  batchSize?: number
  /** Retries of a failed request, and of a failing handler (default 5). */
  maxRetries?: number
  /** Time budget of a run (default 22). */
  maxRunTimeSeconds?: number
  /** A log id to start from; when it differs from the stored one it replaces the checkpoint. */
  startFrom?: string
  /** Log type codes to ship. */
  logTypes?: string[]
  /** Adds every type whose level is at least this (0 debug … 4 critical). */
  logLevel?: number
  logger?: Logger
  /**
   * **beyond**: upstream skips a batch whose handler kept failing and moves the checkpoint past
   * it; by default the run stops before it instead, so the next run hands it again.
   */
  skipFailedBatches?: boolean
}

export interface RunStatus extends LogsStreamStatus {
  /**
   * Set when the run failed (the checkpoint stays before the logs not handled): a
   * `ManagementApiError`, or an `Error` with `code` `callback_failed` when the handler, the
   * storage or the token cache failed.
   */
  error?: ManagementApiError | ArgumentError | (Error & { code: string })
  checkpoint: string | null
}

export interface RunResult {
  status: RunStatus
  checkpoint: string | null
}

/** Node callback style (call `callback` when done) or a returned Promise. */
export type LogsHandler = (logs: Auth0Log[], callback: (error?: unknown) => void) => Promise<unknown> | void

export interface RunReport {
  type: 'report'
  processed: number
  warnings: number
  errors: number
  checkpoint: string
}

export class LogsProcessor {
  constructor(storageContext: StorageContext, options: LogsProcessorOptions)
  readonly options: LogsProcessorOptions
  /** One run; resolves with `status.error` set when it failed, rejects only on storage failure. */
  run(handler: LogsHandler): Promise<RunResult>
  getReport(start: Date | string | number, end?: Date | string | number): Promise<RunReport>
}

export interface LogType {
  name: string
  description?: string
  icon?: string
  severity: 'success' | 'error' | 'warning'
  level: number
}

/** The Auth0 log type table, keyed by code (`s`, `f`, `fp`, `ss`, …). */
export const logTypes: Readonly<Record<string, LogType>>

export class ArgumentError extends Error {
  constructor(message: string)
  name: 'ArgumentError'
  /** `invalid_argument`. */
  code: string
  status: number
}

export class ManagementApiError extends Error {
  constructor(code: string, message: string, status?: number | null)
  name: 'ManagementApiError'
  /** The API's `error` (e.g. `unauthorized`, `Forbidden`), or `network_error`, `timeout`, `invalid_response`. */
  code: string
  /** The HTTP status, or null when there was no answer. */
  status: number | null
}

export interface EventStoreHandlerOptions {
  /** Where to write (default: the initialized event ingestion's provider). */
  provider?: EventIngestionProvider
}

/**
 * **beyond** (SPEC 2.5): a `LogsProcessor` handler storing Auth0 logs as auth events
 * (`s` → `user.logged_in`, `f`/`fp`/`fu` → failed `user.logged_in`, `ss` → `user.joined`, …;
 * the raw log in `metadata.auth0`). Event ids derive from the logs' `_id`: re-shipping a batch
 * does not duplicate rows.
 */
export function createEventStoreHandler(options?: EventStoreHandlerOptions): (logs: Auth0Log[]) => Promise<void>
