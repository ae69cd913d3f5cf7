'use strict'
// A storageContext kept in memory (as a JSON copy, like a real store) that records every write.

function memoryStorage(initial = {}) {
  let data = JSON.stringify(initial)
  const storage = {
    writes: [],
    reads: 0,
    async read() {
      storage.reads++
      return JSON.parse(data)
    },
    async write(value) {
      data = JSON.stringify(value)
      storage.writes.push(JSON.parse(data))
    },
    get data() {
      return JSON.parse(data)
    },
  }
  return storage
}

module.exports = { memoryStorage }
