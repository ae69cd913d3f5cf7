// A worker thread loads the addon too and ingests on its own while the main thread does.
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { Worker, isMainThread, parentPort } from 'node:worker_threads'
import { emitEvent, initializeEventIngestion, shutdownEventIngestion } from 'auth-ingest'

async function ingest(userId, count) {
  const stored = []
  initializeEventIngestion({ enabled: true, provider: { ingest: (event) => void stored.push(event) } })
  for (let index = 0; index < count; index++) await emitEvent('user.logged_in', { status: 'success', userId })
  await shutdownEventIngestion()
  return stored.map((event) => `${event.userId}:${event.display.message}`)
}

if (isMainThread) {
  const worker = new Worker(new URL(import.meta.url))
  const message = once(worker, 'message')
  const exit = once(worker, 'exit')
  const fromMain = await ingest('main', 50)
  const [fromWorker] = await message
  const [exitCode] = await exit
  assert.equal(exitCode, 0)
  assert.deepEqual(new Set(fromMain), new Set(['main:User logged in']))
  assert.deepEqual(new Set(fromWorker), new Set(['worker:User logged in']))
  assert.deepEqual([fromMain.length, fromWorker.length], [50, 50])
  console.log('main thread and worker each stored 50 events')
} else {
  parentPort.postMessage(await ingest('worker', 50))
}
