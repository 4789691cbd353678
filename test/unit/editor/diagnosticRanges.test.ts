import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../../src/engine/scenario/load';
import type { Diagnostic } from '../../../src/engine/scenario/diagnostics';
import { editorMessage, positionAt, toEditorDiagnostics, type EditorDiagnostic } from '../../../src/extension/editor/diagnosticRanges';
import { lineStarts } from '../../../src/engine/scenario/jsonText';

const read = (path: string): string => readFileSync(join(__dirname, '..', '..', '..', path), 'utf8');
const ARTICLE = read('examples/article-cluster.cluster.json');
const QUICK = read('examples/quick-migration-classic-disk.cluster.json');
const TWO_NODES = read('test/fixtures/two-nodes.cluster.json');
const INVALID = read('test/fixtures/invalid.cluster.json');

interface Pos {
  line: number;
  character: number;
}

/** Where an offset is, counted the plain way: split what comes before it into lines. */
function positionOf(text: string, offset: number): Pos {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1]!.length };
}

/** The range of the first `needle` at or after `after` (itself found first when a string). */
function rangeOf(text: string, needle: string, after: string | number = 0): { start: Pos; end: Pos } {
  const from = typeof after === 'number' ? after : text.indexOf(after);
  assert.ok(from >= 0, `test text lacks ${JSON.stringify(after)}`);
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `test text lacks ${JSON.stringify(needle)}`);
  return { start: positionOf(text, at), end: positionOf(text, at + needle.length) };
}

function rangeOfDiagnostic(d: EditorDiagnostic): { start: Pos; end: Pos } {
  return { start: { line: d.startLine, character: d.startCharacter }, end: { line: d.endLine, character: d.endCharacter } };
}

function editorDiagnostics(text: string, omitSyntax = false): EditorDiagnostic[] {
  return toEditorDiagnostics(text, loadScenario(text).diagnostics, { omitSyntax });
}

function only(ds: EditorDiagnostic[], code: string): EditorDiagnostic {
  const found = ds.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(ds, null, 1)}`);
  return found[0]!;
}

describe('editor diagnostics: ranges and messages', () => {
  it('an error on a value covers exactly the quoted value, with the valid form as "Expected ..."', () => {
    const d = only(editorDiagnostics(INVALID), 'bad-quantity');
    assert.deepEqual(rangeOfDiagnostic(d), rangeOf(INVALID, '"64"', '"memory"'));
    assert.equal(d.severity, 'error');
    assert.match(d.message, /^"64" has no unit\. Expected a size such as "512MiB"/);
  });

  it('an unknown owner in the article example is marked on its name', () => {
    const text = ARTICLE.replace('"owner": "HV01"', '"owner": "HV09"');
    const d = only(editorDiagnostics(text), 'unknown-name');
    assert.deepEqual(rangeOfDiagnostic(d), rangeOf(text, '"HV09"'));
    assert.match(d.message, /^unknown node "HV09" .*\. Expected "HV01"/);
  });

  it('CRLF line ends give the same lines and characters as LF', () => {
    const lf = ARTICLE.replace('"owner": "HV01"', '"owner": "HV09"');
    const crlf = lf.replace(/\n/g, '\r\n');
    const d = only(editorDiagnostics(crlf), 'unknown-name');
    assert.deepEqual(rangeOfDiagnostic(d), rangeOf(crlf, '"HV09"'));
    assert.deepEqual(editorDiagnostics(crlf), editorDiagnostics(lf));
  });

  it('characters are UTF-16 code units, as in VS Code: one outside the BMP counts two', () => {
    const text = TWO_NODES.replace('"owner": "HV01"', '"owner": "\u{1F5A5}HV09"');
    const d = only(editorDiagnostics(text), 'unknown-name');
    assert.deepEqual(rangeOfDiagnostic(d), rangeOf(text, '"\u{1F5A5}HV09"'));
    assert.equal(d.endCharacter - d.startCharacter, 8, 'quotes, a surrogate pair and four letters');
  });

  it('cluster validation warnings of the article example are warnings on the value, with "Consider ..."', () => {
    const ds = editorDiagnostics(ARTICLE);
    assert.ok(ds.every((d) => d.severity === 'warning'));
    const votes = only(ds, 'even-votes-without-witness');
    assert.deepEqual(rangeOfDiagnostic(votes), rangeOf(ARTICLE, '"nodeMajority"'));
    assert.match(votes.message, /^Node Majority with 4 nodes: .*\. Consider \{ "model": "nodeAndDiskMajority"/);
    const netft = only(ds, 'netft-and-live-migration-same-network');
    assert.deepEqual(rangeOfDiagnostic(netft), rangeOf(ARTICLE, '"Cluster Internal"', '"liveMigration"'));
  });

  it('a list entry on one line is marked whole', () => {
    const d = only(editorDiagnostics(QUICK), 'vms-share-classic-disk');
    const disk = /\{ "name": "Cluster Disk 1"[^}]*\}/.exec(QUICK)![0];
    assert.deepEqual(rangeOfDiagnostic(d), rangeOf(QUICK, disk));
  });

  it('a list entry over several lines is marked by its name', () => {
    const pretty = JSON.stringify(JSON.parse(QUICK), null, 2);
    const d = only(editorDiagnostics(pretty), 'vms-share-classic-disk');
    assert.deepEqual(rangeOfDiagnostic(d), rangeOf(pretty, '"Cluster Disk 1"', '"disks"'));
  });

  it('a property value over several lines is marked by its key', () => {
    const text = TWO_NODES.replace('"role": "cluster"', '"role": "none"').replace('"role": "clusterAndClient"', '"role": "none"');
    const d = only(editorDiagnostics(text), 'no-cluster-network');
    assert.deepEqual(rangeOfDiagnostic(d), rangeOf(text, '"networks"'));
    assert.doesNotMatch(d.message, /^\$/, 'the path exists: no need to name it');
  });

  it('a warning about a setting the file does not have yet: the opening brace, and the path in the message', () => {
    // two-nodes has no "settings" at all, so the loader can only point at the whole file.
    const d = only(editorDiagnostics(TWO_NODES), 'even-votes-without-witness');
    const brace = TWO_NODES.indexOf('\n{') + 1;
    assert.deepEqual(rangeOfDiagnostic(d), { start: positionOf(TWO_NODES, brace), end: positionOf(TWO_NODES, brace + 1) });
    assert.match(d.message, /^\$\.settings\.quorum: Node Majority with 2 nodes/);
  });

  it('a missing required property: the opening brace, and no path (the message names the key)', () => {
    const text = '{\n  "networks": [\n    { "name": "Cluster", "role": "cluster", "bandwidth": "1Gbps" }\n  ]\n}\n';
    const d = only(editorDiagnostics(text), 'missing-property');
    assert.deepEqual(rangeOfDiagnostic(d), rangeOf(text, '{'));
    assert.equal(d.message, 'missing "nodes": a cluster needs its nodes.');
  });

  it('syntax errors are left to the JSON language service when asked, except an empty file', () => {
    const text = TWO_NODES.replace('"seed": 7,', '"seed": 7');
    const d = only(editorDiagnostics(text), 'syntax');
    assert.deepEqual(rangeOfDiagnostic(d), rangeOf(text, '"nodes"'));
    assert.match(d.message, /^expected a comma between two entries/);
    assert.deepEqual(editorDiagnostics(text, true), []);
    const empty = only(editorDiagnostics('  // nothing yet\n', true), 'syntax');
    assert.deepEqual(rangeOfDiagnostic(empty), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });

  it('keeps the loader order and one entry per diagnostic', () => {
    const text = INVALID;
    const loaded = loadScenario(text).diagnostics;
    assert.deepEqual(
      toEditorDiagnostics(text, loaded).map((d) => d.code),
      loaded.map((d) => d.code),
    );
  });
});

describe('editor diagnostics: positions', () => {
  it('lines end at \\n, \\r\\n and a lone \\r', () => {
    const text = 'a\nbb\r\nccc\rd';
    const starts = lineStarts(text);
    assert.deepEqual(starts, [0, 2, 6, 10]);
    for (let offset = 0; offset <= text.length; offset++) {
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue; // between \r and \n: not a place in VS Code
      assert.deepEqual(positionAt(starts, text.length, offset), positionOf(text, offset), `offset ${offset}`);
    }
  });

  it('offsets outside the text are clamped', () => {
    const text = 'ab\ncd';
    const starts = lineStarts(text);
    assert.deepEqual(positionAt(starts, text.length, -5), { line: 0, character: 0 });
    assert.deepEqual(positionAt(starts, text.length, 99), { line: 1, character: 2 });
    assert.deepEqual(positionAt(starts, text.length, Number.NaN), { line: 0, character: 0 });
  });

  it('a diagnostic without a position is put at the start of the file', () => {
    const d: Diagnostic = { severity: 'error', code: 'internal', path: [], message: 'internal error in loading: boom' };
    assert.deepEqual(toEditorDiagnostics('{}', [d]), [
      { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0, severity: 'error', message: 'internal error in loading: boom.', code: 'internal' },
    ]);
  });
});

describe('editorMessage', () => {
  const base = { code: 'x', path: ['a'] } as const;
  it('adds a full stop and the hint: "Expected" for an error, "Consider" for a warning', () => {
    assert.equal(editorMessage({ ...base, severity: 'error', message: 'bad', hint: 'good.' }), 'bad. Expected good.');
    assert.equal(editorMessage({ ...base, severity: 'warning', message: 'risky!', hint: 'safer' }), 'risky! Consider safer.');
    assert.equal(editorMessage({ ...base, severity: 'warning', message: 'risky.' }), 'risky.');
  });

  it('puts the path first when given', () => {
    assert.equal(editorMessage({ ...base, severity: 'error', message: 'bad' }, '$.a'), '$.a: bad.');
  });
});
