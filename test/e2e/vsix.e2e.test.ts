/**
 * What the .vsix of `npm run package` holds: what runs in VS Code and nothing else (no source,
 * no tests, no node_modules, no source maps, no CLI), everything the manifest points at, and an
 * extension bundle that needs no module VS Code and Node.js do not provide.
 */
import { strict as assert } from 'node:assert';
import { isBuiltin } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { vsixPath } from './environment';
import { zipEntries, zipRead, type ZipEntry } from './zip';

/** Files a .vsix has outside extension/, and the few vsce renames. */
const PACKAGING = ['extension.vsixmanifest', '[Content_Types].xml'];
const TOP_LEVEL = ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt'];
/** Where everything else under extension/ may come from. */
const ALLOWED = [/^dist\/extension\.js$/, /^dist\/diagnosticsWorker\.js$/, /^dist\/webview\//, /^media\//, /^schemas\/[^/]+\.json$/, /^examples\/[^/]+\.cluster\.json$/, /^docs\/scenario-format\.md$/];
const MAX_BYTES = 4 * 1024 * 1024;

describe('The .vsix package', () => {
  let zip: Buffer;
  let entries: ZipEntry[];
  let files: Map<string, ZipEntry>;

  before(() => {
    zip = readFileSync(vsixPath());
    entries = zipEntries(zip);
    files = new Map(entries.filter((e) => e.name.startsWith('extension/')).map((e) => [e.name.slice('extension/'.length), e]));
  });

  const text = (name: string): string => {
    const entry = files.get(name);
    assert.ok(entry, `the package has extension/${name}`);
    return zipRead(zip, entry).toString('utf8');
  };

  it('holds only the manifest, the docs and what runs', () => {
    const outside = entries.filter((e) => !e.name.startsWith('extension/')).map((e) => e.name);
    assert.deepEqual(outside.sort(), [...PACKAGING].sort());
    for (const name of TOP_LEVEL) assert.ok(files.has(name), `extension/${name}`);
    const stray = [...files.keys()].filter((name) => !TOP_LEVEL.includes(name) && !ALLOWED.some((re) => re.test(name)));
    assert.deepEqual(stray, [], 'files that do not run in VS Code');
    const maps = [...files.keys()].filter((name) => name.endsWith('.map'));
    assert.deepEqual(maps, [], 'no source maps');
    const size = zip.length;
    assert.ok(size < MAX_BYTES, `the package is ${size} bytes, more than ${MAX_BYTES}`);
  });

  it('holds the bundles, the schema, the icon and every example', () => {
    for (const name of ['dist/extension.js', 'dist/diagnosticsWorker.js', 'dist/webview/dashboard.js', 'schemas/scenario.schema.json', 'media/cluster.svg']) {
      assert.ok(files.has(name), `extension/${name}`);
    }
    const examples = readdirSync('examples').filter((f) => f.endsWith('.cluster.json'));
    assert.ok(examples.length > 0);
    for (const name of examples) assert.ok(files.has(`examples/${name}`), `extension/examples/${name}`);
  });

  it('has every file its manifest points at', () => {
    const manifest = JSON.parse(text('package.json')) as { name: string; main: string; contributes: unknown };
    const repo = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string };
    assert.equal(manifest.name, repo.name);
    assert.ok(files.has(manifest.main.replace(/^\.\//, '')), `main: ${manifest.main}`);
    const referenced = new Set<string>();
    const visit = (value: unknown): void => {
      if (typeof value === 'string') {
        const m = /^(?:\.\/)?((?:media|schemas|dist|examples)\/\S+)$/.exec(value);
        if (m) referenced.add(m[1]);
      } else if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') Object.values(value).forEach(visit);
    };
    visit(manifest.contributes);
    assert.ok(referenced.size > 0, 'the manifest points at files (icons, the schema)');
    for (const name of referenced) assert.ok(files.has(name), `contributes points at ${name}, which is not in the package`);
  });

  /** The modules a bundle loads with `require`: calls, not code held in strings (ajv keeps `'require("ajv/dist/runtime/equal")'` for its code generator). */
  const requiredBy = (bundle: string): Set<string> =>
    new Set([...bundle.matchAll(/(?<!['"`])\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));

  it('bundles every module the extension needs, but vscode and Node.js built-ins', () => {
    const required = requiredBy(text('dist/extension.js'));
    assert.ok(required.has('vscode'), `the bundle requires vscode: ${[...required].join(', ')}`);
    const foreign = [...required].filter((id) => id !== 'vscode' && !isBuiltin(id));
    assert.deepEqual(foreign, [], 'modules the .vsix does not carry (it has no node_modules)');
  });

  it('has a diagnostics worker that needs only Node.js built-ins (a worker thread cannot reach vscode)', () => {
    const required = requiredBy(text('dist/diagnosticsWorker.js'));
    assert.ok(required.has('node:worker_threads') || required.has('worker_threads'), `the worker requires worker_threads: ${[...required].join(', ')}`);
    const foreign = [...required].filter((id) => !isBuiltin(id));
    assert.deepEqual(foreign, [], 'modules a worker thread of the .vsix cannot load');
  });
});
