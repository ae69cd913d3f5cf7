'use strict'
// The generated loader (binding.js) picks the binary for this platform. When there is none, the
// error says which platform this is, which package would carry its binary and what to do,
// instead of the loader's generic message (which stays as the error's `cause`).
const { currentPlatform, releasedPlatforms } = require('./platform')

function missingBinary(loaderError) {
  const platform = currentPlatform()
  const packageName = `auth-ingest-${platform}`
  const released = releasedPlatforms()
  let installed = false
  try {
    require.resolve(`${packageName}/package.json`)
    installed = true
  } catch {}
  const what = installed
    ? `${packageName} is installed but its binary did not load (see the cause)`
    : released.includes(platform)
      ? `its binary package ${packageName} is not installed: npm installs it as an optional dependency, so install again without --omit=optional / --no-optional`
      : `no binary is built for this platform; prebuilt binaries exist for ${released.join(', ')}`
  const error = new Error(
    `auth-ingest cannot load its native addon on ${platform} (Node ${process.versions.node}): ${what}`,
  )
  error.code = 'AUTH_INGEST_NO_BINARY'
  error.cause = loaderError
  return error
}

function loadBinding() {
  try {
    return require('../binding.js')
  } catch (error) {
    throw missingBinary(error)
  }
}

module.exports = loadBinding()
