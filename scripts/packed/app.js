'use strict'
// A fresh application outside the repository that installs auth-ingest from a registry the way a
// user does, with the consumer files of __test__/packed-app/ copied in, and runs them with no
// Rust toolchain on PATH.
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const root = path.join(__dirname, '..', '..')
const consumers = path.join(root, '__test__', 'packed-app')

/** PATH without the folders that hold cargo or rustc. */
function pathWithoutRust() {
  return process.env.PATH.split(path.delimiter)
    .filter((dir) => !['cargo', 'rustc'].some((tool) => fs.existsSync(path.join(dir, tool))))
    .join(path.delimiter)
}

const appEnv = () => ({ ...process.env, PATH: pathWithoutRust() })

/** Runs `command` in the app; resolves `{ status, stdout, stderr }` and never throws. */
function runInApp(appDir, command, args) {
  const result = spawnSync(command, args, { cwd: appDir, env: appEnv(), encoding: 'utf8', timeout: 120_000 })
  return { status: result.status ?? result.signal, stdout: result.stdout, stderr: result.stderr }
}

function installedVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version
}

/**
 * Creates the app in `dir` depending on auth-ingest@`version` (plus, with `typescript`, the
 * compiler and Node's types at the versions the repository uses) and installs it from the
 * registry of `userconfig`. `omitOptional` installs as `npm install --omit=optional` does.
 */
function installApp({ dir, version, userconfig, typescript = false, omitOptional = false }) {
  fs.mkdirSync(dir, { recursive: true })
  const dependencies = { 'auth-ingest': version }
  if (typescript) {
    dependencies.typescript = installedVersion('typescript')
    dependencies['@types/node'] = installedVersion('@types/node')
    // The Better Auth plugin (auth-ingest/better-auth) is used beside the package, as users do.
    dependencies['better-auth'] = installedVersion('better-auth')
  }
  const manifest = { name: path.basename(dir), version: '1.0.0', private: true, dependencies }
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  for (const file of fs.readdirSync(consumers)) fs.copyFileSync(path.join(consumers, file), path.join(dir, file))
  const args = ['install', '--no-audit', '--no-fund', '--userconfig', userconfig]
  if (omitOptional) args.push('--omit=optional')
  const result = runInApp(dir, 'npm', args)
  if (result.status !== 0) throw new Error(`npm install in ${dir} failed:\n${result.stderr}`)
  return dir
}

/** The consumer files to run with node, and the tsconfig files to compile, by kind. */
function consumerFiles() {
  const files = fs.readdirSync(consumers).sort()
  return {
    scripts: files.filter((file) => /\.(cjs|mjs)$/.test(file)),
    tsconfigs: files.filter((file) => /^tsconfig\..+\.json$/.test(file)),
    typescript: files.filter((file) => /\.(ts|mts|cts)$/.test(file) && !file.endsWith('.d.ts')),
  }
}

module.exports = { installApp, runInApp, consumerFiles }
