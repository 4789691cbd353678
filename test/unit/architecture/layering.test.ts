/**
 * The engine's layering rule (eslint.config.mjs, no-restricted-imports on src/engine) catches an
 * import of VS Code, of node's I/O, of the extension, the CLI, the webview or their protocol from a
 * file at any depth of src/engine, `import type` and `export ... from` included. The fixture is
 * linted with the project's own configuration, as if it sat two folders deep in src/engine.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = resolve(__dirname, '..', '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'layering', 'src', 'engine', 'deep', 'nested', 'violates.ts');
const AS_IF_AT = join(ROOT, 'src', 'engine', 'deep', 'nested', 'violates.ts');

describe('architecture: the engine imports nothing above it', function () {
  this.timeout(60_000);

  it('refuses every forbidden import of a file two folders deep in src/engine, and allows the engine its own', async () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const lines = text.split('\n');
    const [result] = await new ESLint({ cwd: ROOT }).lintText(text, { filePath: AS_IF_AT });
    const refused = result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => lines[m.line - 1]);
    const imports = lines.filter((l) => /^(import|export) .*'|^import '/.test(l));
    assert.deepEqual(refused, imports.slice(0, -1), 'one error for each import but the last');
    assert.equal(imports.at(-1), "import { Kernel } from '../../kernel';");
    assert.equal(result.messages.filter((m) => m.ruleId !== 'no-restricted-imports').length, 0, 'the fixture breaks nothing else');
  });

  it('keeps the fixture out of the normal lint run', async () => {
    assert.ok(await new ESLint({ cwd: ROOT }).isPathIgnored(FIXTURE));
  });
});
