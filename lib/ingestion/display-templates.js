'use strict'
// The display (SPEC 1.4) of a custom provider's events, rendered in JS from the templates the
// addon exports (`displayRules()`, src/events/display_template.rs): the provider's events are
// built here, so their messages are too, without their metadata crossing into Rust and back.
// Rust renders a native store's events from the same pieces; both are checked against the
// same oracle (__test__/display.test.js and src/events/display.rs).
const { displayRules, TemplatePieceKind, unknownTypeSeverity } = require('../native')

/**
 * A metadata value as display text, the rule of `Scalar::display_text` (src/events/metadata.rs):
 * a non-empty string, or a finite number as JS prints it (its JSON text, which Rust reads).
 */
const displayText = (value) =>
  typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : ''

/**
 * Rust's `str::split_whitespace` splits on Unicode White_Space, which differs from JS's `\s`
 * (U+0085 is one, U+FEFF is not).
 */
const FIRST_WORD = /[^\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/

/** The text of the first of `keys` that `metadata` has display text for, or ''. */
function firstText(metadata, keys) {
  for (let index = 0; index < keys.length; index++) {
    const value = displayText(metadata[keys[index]])
    if (value !== '') return value
  }
  return ''
}

/** One template piece as a function of the metadata (an object, or null). */
function pieceRenderer({ kind, text, keys }, ruleKeys) {
  const names = keys.map((index) => ruleKeys[index])
  switch (kind) {
    case TemplatePieceKind.Text:
      return () => text
    case TemplatePieceKind.FirstOf:
      return (metadata) => (metadata === null ? text : firstText(metadata, names) || text)
    case TemplatePieceKind.Creator:
      return (metadata) => {
        const word = metadata === null ? null : FIRST_WORD.exec(displayText(metadata[names[0]]))
        return word === null ? '' : ` by ${word[0]}`
      }
    default:
      throw new Error(`auth-ingest: the addon's display templates have a ${kind} piece lib/ does not know`)
  }
}

/** A template as a function of the metadata. */
function templateRenderer(pieces, ruleKeys) {
  const renderers = pieces.map((piece) => pieceRenderer(piece, ruleKeys))
  if (renderers.length === 1) return renderers[0]
  if (renderers.length === 2) {
    const [first, second] = renderers
    return (metadata) => first(metadata) + second(metadata)
  }
  return (metadata) => {
    let message = ''
    for (let index = 0; index < renderers.length; index++) message += renderers[index](metadata)
    return message
  }
}

/** Each known type's two displays, as functions of the metadata. */
const RULES = new Map(
  displayRules().map(({ eventType, keys, success, failed, successSeverity, failedSeverity }) => [
    eventType,
    { success: templateRenderer(success, keys), successSeverity, failed: templateRenderer(failed, keys), failedSeverity },
  ]),
)

/** Severities of types without a rule, as Rust's generic rule gives them, asked for once each. */
const UNKNOWN_TYPE_SEVERITIES = { success: new Map(), failed: new Map() }
const UNKNOWN_TYPES_KEPT = 1024

function unknownTypeDisplay(type, status) {
  const known = UNKNOWN_TYPE_SEVERITIES[status]
  let severity = known.get(type)
  if (severity === undefined) {
    severity = unknownTypeSeverity(type, status)
    if (known.size < UNKNOWN_TYPES_KEPT) known.set(type, severity)
  }
  return { message: type, severity }
}

/** The `{ message, severity }` of an event; `status` is 'success' or 'failed'. */
function displayOf(type, status, metadata) {
  const rule = RULES.get(type)
  if (rule === undefined) return unknownTypeDisplay(type, status)
  const shown = metadata ?? null
  return status === 'failed'
    ? { message: rule.failed(shown), severity: rule.failedSeverity }
    : { message: rule.success(shown), severity: rule.successSeverity }
}

module.exports = { displayOf }
