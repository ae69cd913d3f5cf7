'use strict'
// The buffer emission text is encoded into, as UTF-8, for Rust to copy out: Node's encoder
// costs ~0.01-0.02 µs per event, and handing napi the string instead cost ~0.05 µs more per
// event on the JS thread (an A/B of the two). One buffer serves every call: JS runs one at a
// time and Rust copies the bytes before returning.
const encoder = new TextEncoder()
/** Kept between calls up to this size; a larger text gets a buffer of its own. */
const KEPT_BYTES = 4 << 20
let scratch = new Uint8Array(256 << 10)

/** Encodes `text`; returns the buffer holding it from byte 0, valid until the next call. */
function utf8(text) {
  // Every UTF-16 code unit becomes at most 3 bytes, so this one call always fits.
  const needed = text.length * 3
  if (needed > scratch.length) {
    if (needed > KEPT_BYTES) {
      const own = new Uint8Array(needed)
      return { bytes: own, length: encoder.encodeInto(text, own).written }
    }
    scratch = new Uint8Array(Math.max(needed, scratch.length * 2))
  }
  return { bytes: scratch, length: encoder.encodeInto(text, scratch).written }
}

module.exports = { utf8 }
