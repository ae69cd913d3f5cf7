'use strict'
// Temporary files for tests, removed when the process ends.
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-ingest-test-'))
process.on('exit', () => fs.rmSync(directory, { recursive: true, force: true }))

let counter = 0
function tempFile(name) {
  counter += 1
  return path.join(directory, `${counter}-${name}`)
}

module.exports = { tempFile, tempDirectory: directory }
