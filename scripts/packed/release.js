'use strict'
// What the release workflow does, for the one binary built here: `npm pack` the package,
// put the binary into its npm/<platform> package (as `napi artifacts` does), let
// `napi prepublish` write the root package's optionalDependencies, then `npm publish` the
// platform package and the root package to the given registry.
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { currentPlatform, platformOfTarget } = require('../../lib/platform')

const root = path.join(__dirname, '..', '..')
const napi = path.join(root, 'node_modules', '@napi-rs', 'cli', 'dist', 'cli.js')

function run(command, args, cwd, env = process.env) {
  try {
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (error) {
    throw new Error(`${[command, ...args].join(' ')} failed in ${cwd}:\n${error.stderr}`)
  }
}

/** The package as `npm pack` makes it, unpacked into `dir`/package, with the npm/ folders beside. */
function stagePackage(dir) {
  fs.mkdirSync(dir, { recursive: true })
  const tarball = path.join(dir, run('npm', ['pack', '--silent', '--pack-destination', dir], root).trim())
  run('tar', ['-xzf', tarball, '-C', dir], dir)
  const staged = path.join(dir, 'package')
  fs.cpSync(path.join(root, 'npm'), path.join(staged, 'npm'), { recursive: true })
  return staged
}

/**
 * Places this platform's binary into its package. `napi prepublish` checks that every target's
 * package holds its binary; the other targets' binaries are built by the release workflow on
 * their own hosts, so here they get a placeholder file that is never published.
 */
function placeBinaries(staged, binary) {
  const platform = currentPlatform()
  const { napi: config } = JSON.parse(fs.readFileSync(path.join(staged, 'package.json'), 'utf8'))
  for (const target of config.targets) {
    const name = platformOfTarget(target)
    const destination = path.join(staged, 'npm', name, `${config.binaryName}.${name}.node`)
    if (name === platform) fs.copyFileSync(binary, destination)
    else fs.writeFileSync(destination, 'placeholder: built by the release workflow on its own host\n')
  }
  return path.join(staged, 'npm', platform)
}

/** Publishes the package and this platform's package; returns the root package.json as published. */
function publishRelease({ dir, binary, userconfig }) {
  const staged = stagePackage(dir)
  const platformPackage = placeBinaries(staged, binary)
  run(process.execPath, [napi, 'prepublish', '-t', 'npm', '--no-gh-release', '--skip-optional-publish'], staged)
  const env = { ...process.env, npm_config_userconfig: userconfig }
  run('npm', ['publish', '--ignore-scripts'], platformPackage, env)
  run('npm', ['publish', '--ignore-scripts'], staged, env)
  return JSON.parse(fs.readFileSync(path.join(staged, 'package.json'), 'utf8'))
}

module.exports = { publishRelease }
