'use strict'
// Auth0 log tools: LogsApiClient, LogsApiStream, LogsProcessor, logTypes (SPEC part 2).
module.exports = {}
