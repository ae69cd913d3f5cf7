'use strict'
// The layouts of what crosses between JS and Rust on the hot paths are declared once, in Rust
// (src/node/wire_layouts.rs). Each JS reader or writer states the order its code follows and
// checks it here when it loads: a difference (a lib/ from another build than the addon, an edit
// on one side only) is an error at require time, never silently misread events.
const { wireLayouts } = require('../native')

const LAYOUTS = wireLayouts()

function sameOrder(ours, theirs) {
  return ours.length === theirs.length && ours.every((name, index) => name === theirs[index])
}

/** Throws unless `ours` (what this JS reads or writes) is Rust's `name` layout. */
function expectLayout(name, ours, layouts = LAYOUTS) {
  const theirs = layouts[name]
  if (!Array.isArray(theirs) || !sameOrder(ours, theirs)) {
    throw new Error(
      `auth-ingest: lib/ and the native addon disagree on the ${name} layout (JS: ${ours.join(', ')}; ` +
        `addon: ${Array.isArray(theirs) ? theirs.join(', ') : 'none'}); reinstall the package or rebuild the addon`,
    )
  }
}

module.exports = { expectLayout }
