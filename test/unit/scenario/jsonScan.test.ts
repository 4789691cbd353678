/**
 * The strict-JSON fast paths (src/engine/scenario/jsonScan.ts) against the tree they replace: on
 * every example written three ways, on hundreds of mutated scenarios and on the 64-node,
 * 8,000-VM benchmark scenario, with keys and strings full of escapes, for every path in the file
 * and paths that are not there (a missing key, an index past the end, a key into a list, a path
 * through a string), both targets: the same offsets and lengths as `locate` on jsonc-parser's
 * tree, the same duplicate-key verdict, the same value as the tree's, and the same diagnostics
 * from the whole loader as when the file takes the tree's path.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTree, type Node } from 'jsonc-parser';
import { hasDuplicateKeys, locatePaths, type LocateRequest } from '../../../src/engine/scenario/jsonScan';
import { lineColumn, lineColumns, lineStarts, locate, parseJsonText } from '../../../src/engine/scenario/jsonText';
import { loadScenario } from '../../../src/engine/scenario/load';
import type { JsonPath } from '../../../src/engine/scenario/model';
import { drainScenario } from '../../../scripts/bench/scenarios';
import { Rng, mutateJson, mutateText } from '../hardening/mutations';

const ROOT = join(__dirname, '..', '..', '..');
const examples = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.cluster.json'))
  .sort()
  .map((f) => readFileSync(join(ROOT, 'examples', f), 'utf8'));

const tree = (text: string): Node | undefined => parseTree(text, [], { disallowComments: false, allowTrailingComma: true, allowEmptyContent: false });

/** The tree's value as jsonText.ts reads it (objects keep "__proto__" as an ordinary key). */
function treeValue(node: Node): unknown {
  if (node.type === 'object') {
    const obj: Record<string, unknown> = {};
    for (const prop of node.children ?? []) {
      const [key, value] = prop.children ?? [];
      if (key && value) Object.defineProperty(obj, String(key.value), { value: treeValue(value), enumerable: true, writable: true, configurable: true });
    }
    return obj;
  }
  if (node.type === 'array') return (node.children ?? []).map(treeValue);
  return node.value;
}

/** Whether the tree has an object with a key twice. */
function treeHasDuplicates(node: Node | undefined): boolean {
  if (!node) return false;
  if (node.type === 'object') {
    const keys = (node.children ?? []).map((p) => String(p.children?.[0]?.value));
    if (new Set(keys).size !== keys.length) return true;
  }
  return (node.children ?? []).some(treeHasDuplicates);
}

/** Every path of a value, and around each some that are not there. */
function pathsOf(value: unknown, rng: Rng, limit: number): JsonPath[] {
  const out: JsonPath[] = [[]];
  const walk = (v: unknown, path: JsonPath): void => {
    if (out.length > limit) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push([...path, i]);
        walk(x, [...path, i]);
      });
      out.push([...path, v.length], [...path, 'length'], [...path, String(0)]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.push([...path, k]);
        walk(x, [...path, k]);
      }
      out.push([...path, 'nope'], [...path, 0]);
    } else {
      out.push([...path, 'inside'], [...path, 0]);
    }
  };
  walk(value, []);
  // A sample in a random order, with repeats: requests come in any order, several at one place.
  const picked: JsonPath[] = [];
  for (let i = 0; i < Math.min(out.length, 400); i++) picked.push(out[rng.int(out.length)]!);
  return [...out.slice(0, 200), ...picked];
}

function sameAsTree(text: string, rng: Rng, what: string): void {
  const root = tree(text);
  assert.equal(hasDuplicateKeys(text), treeHasDuplicates(root), `${what}: duplicate keys`);
  if (treeHasDuplicates(root)) return;
  const value = treeValue(root!);
  const parsed = parseJsonText(text);
  // Nested too deep for the loader: refused before either path (the scan is checked all the same).
  if (!parsed.diagnostics.some((d) => d.code === 'syntax')) {
    assert.deepStrictEqual(parsed.value, value, `${what}: value`);
    assert.deepStrictEqual(parsed.diagnostics, [], `${what}: diagnostics`);
  }
  const requests: LocateRequest[] = pathsOf(value, rng, 3000).map((path) => ({ path, target: rng.chance(0.5) ? 'key' : 'value' }));
  const spans = locatePaths(text, requests);
  requests.forEach((r, i) => assert.deepStrictEqual(spans[i], locate(root, r.path, r.target), `${what}: ${JSON.stringify(r)}`));
}

/** Escapes in keys and strings: the same text, harder to scan. */
function escaped(text: string): string {
  return text
    .replace(/"name"/g, '"n\\u0061me"')
    .replace(/"HV0/g, '"H\\u0056\\\\0')
    .replace(/"(\w+) (\w+)"/g, '"$1\\" \\"$2\\\\"');
}

describe('scanning strict JSON (jsonScan.ts) gives what the tree gives', () => {
  it('on every example, indented, on one line and with escapes', () => {
    const rng = new Rng(1);
    for (const [i, text] of examples.entries()) {
      const value = JSON.parse(text) as unknown;
      for (const t of [text, JSON.stringify(value), JSON.stringify(value, null, '\t'), escaped(JSON.stringify(value, null, 1))]) sameAsTree(t, rng, `example ${i}`);
    }
  });

  it('on hundreds of mutated scenarios, and text edits JSON.parse still accepts', () => {
    const rng = new Rng(15_15);
    let texts = 0;
    for (let i = 0; i < 200; i++) {
      const json = JSON.parse(examples[i % examples.length]!) as Record<string, never>;
      mutateJson(json, rng);
      const text = rng.chance(0.5) ? JSON.stringify(json, null, 2) : JSON.stringify(json);
      sameAsTree(text, rng, `mutation ${i}`);
      const edited = mutateText(text, rng).text;
      try {
        JSON.parse(edited);
      } catch {
        continue;
      }
      sameAsTree(edited, rng, `text edit ${i}`);
      texts++;
    }
    assert.ok(texts > 15, `${texts} edited texts still strict JSON`);
  });

  it('on keys given twice, also through escapes', () => {
    for (const text of ['{"a":1,"a":2}', '{"a":1,"\\u0061":2}', '{"x":{"a":1},"y":{"a":1}}', '[{"a":1},{"a":1}]', '{"a\\"":1,"a\\\\":2}', `{${Array.from({ length: 40 }, (_, i) => `"k${i % 39}":1`).join(',')}}`]) {
      assert.equal(hasDuplicateKeys(text), treeHasDuplicates(tree(text)), text);
    }
  });

  it('refuses a text nested too deep at the same bracket as the tree\'s path does (strings with brackets in them)', () => {
    for (const depth of [98, 99, 100, 101, 150]) {
      for (const inner of ['1', '"[[{{"', '{"a":"]]}"}', '"\\\\"', '"\\"["']) {
        const text = `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
        const deepObject = `${'{"k[":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;
        for (const t of [text, deepObject]) JSON.parse(t); // strict JSON, so it takes the fast path
        for (const t of [text, deepObject]) assert.deepStrictEqual(parseJsonText(t).diagnostics, parseJsonText(`${t}\n// the tree's path`).diagnostics, t.slice(0, 40));
      }
    }
  });

  it('lineColumns gives each offset the line and column lineColumn finds in lineStarts (\\n, \\r\\n and lone \\r)', () => {
    const rng = new Rng(7);
    const pieces = ['a', 'bc', '\n', '\n', '\r\n', '\r', ' ', '"x"', '\n\n'];
    for (let k = 0; k < 300; k++) {
      let text = '';
      for (let i = 0, n = rng.int(200); i < n; i++) text += k % 3 === 0 ? rng.pick(pieces) : rng.pick(pieces.filter((p) => !p.includes('\r')));
      const offsets = Array.from({ length: rng.int(30) }, () => rng.int(text.length + 3));
      const starts = lineStarts(text);
      assert.deepStrictEqual(lineColumns(text, offsets), offsets.map((o) => lineColumn(starts, o)), JSON.stringify(text));
    }
  });

  it('on the 64-node, 8,000-VM benchmark scenario', () => {
    const text = JSON.stringify(drainScenario(64, 8000).json, null, 2);
    sameAsTree(text, new Rng(64), 'drain64');
  });

  it('loadScenario gives the same diagnostics, placed alike, as the tree does (a comment at the end sends a file down the tree path)', () => {
    const rng = new Rng(2008);
    const big = drainScenario(64, 8000).json as Record<string, never>;
    const bigBroken = structuredClone(big);
    for (let k = 0; k < 40; k++) mutateJson(bigBroken, rng);
    const texts = [JSON.stringify(big, null, 2), JSON.stringify(bigBroken, null, 2), ...examples];
    for (let i = 0; i < 100; i++) {
      const json = JSON.parse(examples[i % examples.length]!) as Record<string, never>;
      for (let k = 0, n = 1 + rng.int(3); k < n; k++) mutateJson(json, rng);
      texts.push(JSON.stringify(json, null, rng.int(3)));
    }
    for (const [i, text] of texts.entries()) {
      assert.deepStrictEqual(loadScenario(text).diagnostics, loadScenario(`${text}\n// the tree's path`).diagnostics, `text ${i}`);
    }
  });
});
