'use strict'
// What every database store's provider must answer about a table holding `total` rows:
// keyset paging visits each row once, newest first; offset paging and a bare event id (the JS
// package's cursor) agree with it.
const assert = require('node:assert/strict')

async function assertPagingCovers(provider, total) {
  const seen = []
  let cursor
  do {
    const page = await provider.query({ limit: 7, after: cursor })
    seen.push(...page.events)
    cursor = page.nextCursor
    assert.equal(page.hasMore, cursor !== null)
  } while (cursor)
  assert.equal(seen.length, total)
  assert.equal(new Set(seen.map((e) => e.id)).size, total)
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1].timestamp >= seen[i].timestamp)
  const ids = (page) => page.events.map((e) => e.id)
  assert.deepEqual(ids(await provider.query({ limit: 7, offset: 7 })), ids({ events: seen.slice(7, 14) }))
  assert.deepEqual(ids(await provider.query({ limit: 3, after: seen[2].id })), ids({ events: seen.slice(3, 6) }))
}

module.exports = { assertPagingCovers }
