/**
 * No import circle inside src/engine, type-only imports included: the engine is built from the
 * bottom up (kernel, model, network, memory, then the modules, then the composition root), so
 * each file can be read, tested and changed knowing only what is below it.
 */
import { strict as assert } from 'node:assert';
import { ENGINE_ROOT, importCycles, importGraph, readSources } from './importGraph';

describe('architecture: no import circle in src/engine', () => {
  it('finds every circle of a small graph, type-only and re-exports included, and nothing in comments or strings', () => {
    const sources = new Map([
      ['a.ts', "import { b } from './b';\n"],
      ['b.ts', "import type { C } from './sub/c';\n"],
      ['sub/c.ts', "export { a } from '../a';\n// import './d'\n"],
      ['d.ts', "const s = \"import './e'\";\nimport '../outside';\nimport 'package';\n"],
      ['e.ts', "import { e } from './e';\n"],
      ['f.ts', "import { a } from './a';\n"],
    ]);
    const cycles = importCycles(importGraph(sources));
    assert.deepEqual(
      cycles.map((c) => c.path),
      [
        ['a.ts', 'b.ts', 'sub/c.ts', 'a.ts'],
        ['e.ts', 'e.ts'],
      ],
    );
    assert.deepEqual(cycles[0].files, ['a.ts', 'b.ts', 'sub/c.ts']);
  });

  it('has none', () => {
    const cycles = importCycles(importGraph(readSources(ENGINE_ROOT)));
    const described = cycles.map((c) => `${c.path.join(' -> ')}${c.files.length > c.path.length - 1 ? ` (one of the circles between ${c.files.length} files: ${c.files.join(', ')})` : ''}`);
    assert.deepEqual(described, [], `import circles in src/engine:\n${described.map((d) => `  ${d}`).join('\n')}`);
  });
});
