'use strict'
// Installs auth-ingest as a user does and uses it (run by `npm test`; a node:test file):
// the package and this platform's binary package are published to a local registry as the
// release workflow publishes them (scripts/packed/release.js), then a fresh application
// outside the repository installs `auth-ingest` from there — the binary arriving through the
// optionalDependencies `napi prepublish` wrote — and runs the consumer files of
// __test__/packed-app/ on every tested Node version, with no Rust toolchain on PATH.
// The built addon is reused (`npm run build` first); nothing is compiled here.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { startRegistry } = require('./packed/registry')
const { publishRelease } = require('./packed/release')
const { installApp, runInApp, consumerFiles } = require('./packed/app')
const { typedExports, importedNames } = require('./packed/exports')
const { testedNodes, testedMajors } = require('./node-versions')
const { currentPlatform, platformOfTarget } = require('../lib/platform')

const root = path.join(__dirname, '..')
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
const binary = path.join(root, `${manifest.napi.binaryName}.${currentPlatform()}.node`)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-ingest-packed-'))
const files = consumerFiles()
let registry
let published
let app

test.before(async () => {
  assert.ok(fs.existsSync(binary), `${binary} is built (npm run build)`)
  registry = await startRegistry(path.join(work, 'registry'))
  published = publishRelease({ dir: path.join(work, 'release'), binary, userconfig: registry.userconfig })
  app = installApp({ dir: path.join(work, 'app'), version: manifest.version, userconfig: registry.userconfig, typescript: true })
})

test.after(() => {
  registry?.stop()
  if (process.exitCode === undefined || process.exitCode === 0) fs.rmSync(work, { recursive: true, force: true })
  else console.log(`packed install left in ${work} for a look`)
})

test('napi prepublish declares one optional dependency per target, each a package of npm/', () => {
  const expected = manifest.napi.targets.map((target) => `${manifest.name}-${platformOfTarget(target)}`).sort()
  assert.deepEqual(Object.keys(published.optionalDependencies).sort(), expected)
  assert.deepEqual(new Set(Object.values(published.optionalDependencies)), new Set([manifest.version]))
  const folders = fs.readdirSync(path.join(root, 'npm')).map((folder) => {
    const { name } = JSON.parse(fs.readFileSync(path.join(root, 'npm', folder, 'package.json'), 'utf8'))
    assert.equal(name, `${manifest.name}-${folder}`)
    return name
  })
  assert.deepEqual(folders.sort(), expected)
})

test('engines claims what is tested: Node >= the oldest tested major, in every package', () => {
  assert.equal(manifest.engines.node, `>= ${testedMajors[0]}`)
  assert.deepEqual(published.engines, manifest.engines)
  for (const folder of fs.readdirSync(path.join(root, 'npm'))) {
    const { engines } = JSON.parse(fs.readFileSync(path.join(root, 'npm', folder, 'package.json'), 'utf8'))
    assert.deepEqual(engines, manifest.engines, `npm/${folder}`)
  }
})

test('the app sees no Rust toolchain', () => {
  for (const tool of ['cargo', 'rustc']) assert.notEqual(runInApp(app, 'sh', ['-c', `command -v ${tool}`]).status, 0, tool)
})

test('npm install auth-ingest brings this platform binary package, and only that one', () => {
  const installed = fs.readdirSync(path.join(app, 'node_modules')).filter((name) => name.startsWith(`${manifest.name}`))
  assert.deepEqual(installed.sort(), [manifest.name, `${manifest.name}-${currentPlatform()}`])
  assert.ok(!fs.existsSync(path.join(app, 'node_modules', manifest.name, path.basename(binary))))
})

for (const node of testedNodes()) {
  for (const script of files.scripts) {
    test(`${script} on Node ${node.major}`, { skip: node.skip }, () => {
      const result = runInApp(app, node.binary, [script])
      assert.equal(result.status, 0, `${script} failed on Node ${node.major}:\n${result.stdout}${result.stderr}`)
    })
  }
}

for (const tsconfig of files.tsconfigs) {
  test(`tsc -p ${tsconfig} (strict, skipLibCheck: false)`, () => {
    const result = runInApp(app, process.execPath, [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig])
    assert.equal(result.status, 0, `${tsconfig}:\n${result.stdout}${result.stderr}`)
  })
}

test('the TypeScript files import every export of the typings, and the values are the runtime exports', () => {
  const { values, types } = typedExports(app)
  const imported = importedNames(app, files.typescript)
  assert.deepEqual([...values, ...types].filter((name) => !imported.has(name)), [])
  const runtime = runInApp(app, process.execPath, ['-p', "Object.keys(require('auth-ingest')).sort().join(',')"])
  assert.equal(runtime.stdout.trim(), values.join(','))
})

test('without its platform package, loading auth-ingest says which platform and package are missing', () => {
  const bare = installApp({ dir: path.join(work, 'app-omit-optional'), version: manifest.version, userconfig: registry.userconfig, omitOptional: true })
  const result = runInApp(bare, process.execPath, ['-e', "require('auth-ingest')"])
  assert.notEqual(result.status, 0)
  const platform = currentPlatform()
  assert.match(result.stderr, new RegExp(`Error: auth-ingest cannot load its native addon on ${platform} \\(Node [0-9.]+\\): its binary package auth-ingest-${platform} is not installed`))
  assert.match(result.stderr, /--omit=optional/)
})
