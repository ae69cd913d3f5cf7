export * from './types/events'
export * from './types/auth0'
