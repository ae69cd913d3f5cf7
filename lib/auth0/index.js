'use strict'
// Auth0 log tools: LogsApiClient, LogsApiStream, LogsProcessor, logTypes (SPEC part 2).
const { LogsApiClient } = require('./client')
const { ArgumentError, ManagementApiError } = require('./errors')
const { createEventStoreHandler } = require('./event-store-handler')
const { logTypes } = require('./log-types')
const { LogsProcessor } = require('./processor')
const { LogsApiStream } = require('./stream')

module.exports = {
  LogsApiClient,
  LogsApiStream,
  LogsProcessor,
  logTypes,
  ArgumentError,
  ManagementApiError,
  createEventStoreHandler,
}
