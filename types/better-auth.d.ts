// Types of `auth-ingest/better-auth`: the Better Auth plugin that records authentication events.
import type { BetterAuthPlugin } from 'better-auth' with { 'resolution-mode': 'import' }
import type { EventsConfig } from './events'

/** The plugin Better Auth receives (`id: 'auth-ingest'`). */
export type AuthIngestPlugin = BetterAuthPlugin & { id: 'auth-ingest' }

/**
 * The Better Auth plugin. With `eventsConfig`, ingestion is initialized with it unless it is
 * already running (then the running ingestion is used); `enabled: false` records nothing.
 * Without it, events go to the running ingestion. Invalid configuration throws a TypeError.
 */
export function authIngest(eventsConfig?: EventsConfig): AuthIngestPlugin
