'use strict'
// The Node majors auth-ingest is tested on, and so claims in package.json `engines`
// (`>= <the first>`): this machine's Node and the official binaries of the others
// (scripts/node-binary.js). Without CI a version that cannot be fetched is skipped with its
// reason; under CI=true that is an error.
const { nodeBinary } = require('./node-binary')

const testedMajors = [20, 22, 24, 26]
const currentMajor = Number(process.versions.node.split('.')[0])

/** `[{ major, binary }]` or, outside CI only, `{ major, skip: reason }` for one not fetched. */
function testedNodes() {
  return testedMajors.map((major) => {
    try {
      return { major, binary: nodeBinary(major) }
    } catch (error) {
      if (process.env.CI === 'true') throw error
      return { major, skip: `Node ${major} could not be fetched: ${error.message}` }
    }
  })
}

module.exports = { testedMajors, currentMajor, testedNodes }
