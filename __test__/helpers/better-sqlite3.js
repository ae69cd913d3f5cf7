'use strict'
// better-sqlite3's Database for the tests. npm builds its addon for this machine's Node; on
// another Node major (scripts/test-node-versions.js) BETTER_SQLITE3_BINDING names the addon
// built for that one (scripts/better-sqlite3-binary.js), which every Database then loads.
const Database = require('better-sqlite3')

const nativeBinding = process.env.BETTER_SQLITE3_BINDING

module.exports = nativeBinding
  ? class extends Database {
      constructor(file, options = {}) {
        super(file, { nativeBinding, ...options })
      }
    }
  : Database
