'use strict'
// The public face: the event-ingestion API and the Auth0 log tools, over the native binding.
const ingestion = require('./lib/ingestion')
const auth0 = require('./lib/auth0')

module.exports = { ...ingestion, ...auth0 }
