'use strict'
// The generated loader (binding.js) picks the binary for this platform. When there is none, the
// error says which platform this is, which package would carry its binary and what to do,
// instead of the loader's generic message (which stays as the error's `cause`).
const fs = require('node:fs')
const path = require('node:path')
const { currentPlatform, releasedPlatforms } = require('./platform')

function isInstalled(packageName) {
  try {
    require.resolve(`${packageName}/package.json`)
    return true
  } catch {
    return false
  }
}

function advice(platform) {
  const packageName = `auth-ingest-${platform}`
  const released = releasedPlatforms()
  if (isInstalled(packageName)) return `${packageName} is installed but its binary did not load (see the cause)`
  // Cargo.toml is not published: its presence means a clone of the repository.
  if (fs.existsSync(path.join(__dirname, '..', 'Cargo.toml'))) return 'in a clone of the repository, build it first: npm run build'
  if (!released.includes(platform)) return `no binary is built for this platform; prebuilt binaries exist for ${released.join(', ')}`
  return `its binary package ${packageName} is not installed: npm installs it as an optional dependency, so install again without --omit=optional / --no-optional`
}

function loadBinding() {
  try {
    return require('../binding.js')
  } catch (loaderError) {
    const platform = currentPlatform()
    const error = new Error(`auth-ingest cannot load its native addon on ${platform} (Node ${process.versions.node}): ${advice(platform)}`)
    error.code = 'AUTH_INGEST_NO_BINARY'
    error.cause = loaderError
    throw error
  }
}

module.exports = loadBinding()
