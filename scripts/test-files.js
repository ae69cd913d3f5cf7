'use strict'
// The node test suite's files, listed for `node --test` (Node 20 takes a folder, Node 22 and
// later only files or globs, so they are named one by one).
const fs = require('node:fs')
const path = require('node:path')

const folder = path.join(__dirname, '..', '__test__')

function testFiles() {
  return fs
    .readdirSync(folder)
    .filter((name) => /\.test\.(c|m)?js$/.test(name))
    .sort()
    .map((name) => path.join('__test__', name))
}

module.exports = { testFiles }
