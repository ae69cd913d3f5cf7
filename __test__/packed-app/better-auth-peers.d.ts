// better-auth's declarations name the database classes of drivers it can use (Bun's SQLite,
// and node:sqlite, absent from @types/node 20): declared here so they compile without them.
declare module 'bun:sqlite' {
  export class Database {}
}
declare module 'node:sqlite' {
  export class DatabaseSync {}
}
