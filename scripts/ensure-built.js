'use strict'
// Builds the native addon (release) when it is missing or older than the Rust sources.
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const root = path.join(__dirname, '..')
const binary = fs.readdirSync(root).find((name) => name.startsWith('auth-ingest.') && name.endsWith('.node'))

function newestSource(directory) {
  let newest = 0
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs)
  }
  return newest
}

const sourcesChanged = () =>
  Math.max(newestSource(path.join(root, 'src')), fs.statSync(path.join(root, 'Cargo.toml')).mtimeMs) >
  fs.statSync(path.join(root, binary)).mtimeMs

if (!binary || sourcesChanged()) {
  console.log(binary ? 'Rust sources changed: rebuilding the addon…' : 'Building the native addon (first time: a few minutes)…')
  execFileSync('npx', ['napi', 'build', '--platform', '--release', '--js', 'binding.js', '--dts', 'binding.d.ts'], {
    cwd: root,
    stdio: 'inherit',
  })
}
