'use strict'
// The generated loader (binding.js) picks the binary for this platform.
module.exports = require('../binding.js')
