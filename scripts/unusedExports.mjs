// Lists the exports of src/ and webview/ that no other file of src/ or webview/ uses
// (`npm run check:exports`): each is either dead code or an `export` keyword too many. An export
// that tests or scripts use is listed with them, to be judged by hand (a pure function exported
// for its unit test is fine; production code only tests keep alive is not). Reports, never fails:
// the extension's entry points (activate, deactivate, its API type) are listed too.
import ts from 'typescript';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function config(file) {
  const { config: raw } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(raw, ts.sys, path.dirname(file));
}

const main = config(path.join(root, 'tsconfig.json'));
const webview = config(path.join(root, 'webview', 'tsconfig.json'));
const files = [...new Set([...main.fileNames, ...webview.fileNames, ...ts.sys.readDirectory(path.join(root, 'scripts'), ['.ts'])])];
const options = { ...main.options, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'] };
const service = ts.createLanguageService({
  getScriptFileNames: () => files,
  getScriptVersion: () => '1',
  getScriptSnapshot: (f) => (ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f) ?? '') : undefined),
  getCurrentDirectory: () => root,
  getCompilationSettings: () => options,
  getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
  fileExists: ts.sys.fileExists,
  readFile: ts.sys.readFile,
  readDirectory: ts.sys.readDirectory,
});

const isProduct = (rel) => rel.startsWith('src/') || rel.startsWith('webview/');
const lines = [];
for (const source of service.getProgram().getSourceFiles()) {
  const rel = path.relative(root, source.fileName);
  if (!isProduct(rel)) continue;
  for (const statement of source.statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    const names = ts.isVariableStatement(statement)
      ? statement.declarationList.declarations.map((d) => d.name).filter(ts.isIdentifier)
      : statement.name && ts.isIdentifier(statement.name) ? [statement.name] : [];
    for (const name of names) {
      const users = new Set();
      for (const symbol of service.findReferences(source.fileName, name.getStart()) ?? []) {
        for (const ref of symbol.references) users.add(path.relative(root, ref.fileName));
      }
      users.delete(rel);
      if ([...users].some(isProduct)) continue;
      const others = [...users].sort();
      lines.push(`${rel}: ${name.text}${others.length ? ` (used by ${others.join(', ')})` : ''}`);
    }
  }
}
console.log(lines.sort().join('\n') || 'Every export of src/ and webview/ is used by another file of theirs.');
