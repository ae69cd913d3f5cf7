'use strict'
// What the installed package's typings export, and what the app's TypeScript files import from
// it, read with the app's own TypeScript compiler.
const path = require('node:path')
const { createRequire } = require('node:module')

/** `{ values, types }`: the names `index.d.ts` exports, by kind, sorted. */
function typedExports(appDir) {
  const ts = createRequire(path.join(appDir, 'package.json'))('typescript')
  const entry = path.join(appDir, 'node_modules', 'auth-ingest', 'index.d.ts')
  const program = ts.createProgram([entry], { strict: true, noEmit: true, types: [] })
  const checker = program.getTypeChecker()
  const symbols = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)))
  const values = []
  const types = []
  for (const symbol of symbols) {
    const resolved = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
    ;(resolved.flags & ts.SymbolFlags.Value ? values : types).push(symbol.name)
  }
  return { values: values.sort(), types: types.sort() }
}

/** The names the given TypeScript files import from 'auth-ingest' (named imports). */
function importedNames(appDir, files) {
  const ts = createRequire(path.join(appDir, 'package.json'))('typescript')
  const names = new Set()
  for (const file of files) {
    const text = ts.sys.readFile(path.join(appDir, file))
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest)
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || statement.moduleSpecifier.text !== 'auth-ingest') continue
      const bindings = statement.importClause?.namedBindings
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) names.add((element.propertyName ?? element.name).text)
      }
    }
  }
  return names
}

module.exports = { typedExports, importedNames }
