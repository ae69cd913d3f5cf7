// Compiled by tsc as an ES module (.mts): default and named imports of the package both type-check.
import authIngest, { emitEvent, LogsProcessor, type AuthEvent } from 'auth-ingest'

const same: typeof emitEvent = authIngest.emitEvent
const processorClass: typeof LogsProcessor = authIngest.LogsProcessor
const seen: AuthEvent[] = []
authIngest.initializeEventIngestion({ enabled: true, provider: { ingest: (event) => void seen.push(event) } })
void [same, processorClass]
