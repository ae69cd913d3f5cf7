'use strict'
// Names this platform as napi-rs names its binary packages (`linux-x64-gnu`, `darwin-arm64`,
// `win32-x64-msvc`…), and lists the platforms this package's release builds binaries for
// (package.json `napi.targets`, Rust target triples).

const archOfTriple = { x86_64: 'x64', aarch64: 'arm64', i686: 'ia32', armv7: 'arm' }
const platformOfTriple = { linux: 'linux', darwin: 'darwin', windows: 'win32', freebsd: 'freebsd' }

function libc() {
  const header = process.report?.getReport?.().header
  return header?.glibcVersionRuntime ? 'gnu' : 'musl'
}

/** `linux-x64-gnu` for the running process. */
function currentPlatform() {
  const abi = { linux: libc(), win32: 'msvc' }[process.platform]
  return [process.platform, process.arch, abi].filter(Boolean).join('-')
}

/** `x86_64-unknown-linux-musl` → `linux-x64-musl`, `aarch64-apple-darwin` → `darwin-arm64`. */
function platformOfTarget(triple) {
  const [arch, , system, abi] = triple.split('-')
  const platform = platformOfTriple[system]
  return [platform, archOfTriple[arch] ?? arch, platform === 'darwin' ? undefined : abi].filter(Boolean).join('-')
}

function releasedPlatforms() {
  return require('../package.json').napi.targets.map(platformOfTarget)
}

module.exports = { currentPlatform, platformOfTarget, releasedPlatforms }
