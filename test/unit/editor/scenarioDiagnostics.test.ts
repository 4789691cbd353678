/* eslint-disable @typescript-eslint/no-require-imports */
// The editor's problems as the user types, against a fake `vscode` (../commands/fakeVscode.ts)
// and a worker the test drives: what is shown, for which version, when checks finish late, fail,
// or their worker crashes.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fake, fireDocumentEvent, installFakeVscode, Uri, type Diagnostic } from '../commands/fakeVscode';
import { analyzeText } from '../../../src/extension/editor/analyzeText';
import { DIAGNOSTICS_DELAY_MS } from '../../../src/extension/editor/debounce';
import { ScenarioAnalyzer } from '../../../src/extension/editor/analysis';
import { ScenarioChecker } from '../../../src/extension/editor/checker';
import type { Logger } from '../../../src/extension/logger';
import { FakeTimers, FakeWorker, settle } from './fakes';

installFakeVscode();
const { ScenarioDiagnostics } = require('../../../src/extension/editor/scenarioDiagnostics') as typeof import('../../../src/extension/editor/scenarioDiagnostics');

const ARTICLE = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'article-cluster.cluster.json'), 'utf8');
const UNKNOWN_OWNER = ARTICLE.replace('"owner": "HV01"', '"owner": "HV09"');
const BAD_UNIT = ARTICLE.replace('"memory": "8GiB"', '"memory": "8"');

/** A text document that the test edits, as VS Code's: the version goes up with each edit. */
class Doc {
  version = 1;
  isClosed = false;
  readonly languageId = 'jsonc';
  readonly uri: Uri;
  constructor(
    private text: string,
    path = '/w/a.cluster.json',
  ) {
    this.uri = Uri.file(path);
  }
  getText(): string {
    return this.text;
  }
  /** Edits the text and tells the listeners, as typing does. */
  edit(text: string): void {
    this.text = text;
    this.version++;
    fireDocumentEvent('change', { document: this, contentChanges: [{ text }] });
  }
}

function setup(inlineBelow: number) {
  fake.reset();
  const timers = new FakeTimers();
  const workers: FakeWorker[] = [];
  const logged: string[] = [];
  const log: Logger = {
    info: (m) => logged.push(`info: ${m}`),
    error: (m, err) => logged.push(`error: ${m}${err ? `: ${String(err)}` : ''}`),
    guard: async (_what, fn) => fn(),
  };
  const checker = new ScenarioChecker({
    startWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    log,
    timers,
    inlineBelow,
  });
  const diagnostics = new ScenarioDiagnostics(new ScenarioAnalyzer(checker), log, timers);
  const shown = (doc: Doc): Diagnostic[] | undefined => fake.diagnostics.get('fcsim')?.get(doc.uri.toString());
  const codes = (doc: Doc): string[] | undefined => shown(doc)?.map((d) => String(d.code));
  const worker = (): FakeWorker => {
    const w = workers.at(-1);
    assert.ok(w, 'a worker was started');
    return w;
  };
  /** The worker answers its running check with what the loader finds in that text. */
  const answer = async (): Promise<void> => {
    const m = worker().last;
    worker().answer(analyzeText(m.text, m.languageId), m.id);
    await settle();
  };
  return { timers, workers, logged, diagnostics, shown, codes, worker, answer };
}

describe('editor: ScenarioDiagnostics (problems as the user types)', () => {
  it('a small file: checked when it opens and after the typing delay, on the host thread', async () => {
    const { timers, codes, workers, diagnostics } = setup(Infinity);
    const doc = new Doc(UNKNOWN_OWNER);
    fireDocumentEvent('open', doc);
    await settle();
    assert.deepEqual(codes(doc), ['unknown-name']);
    doc.edit(BAD_UNIT);
    timers.advance(DIAGNOSTICS_DELAY_MS - 1);
    await settle();
    assert.deepEqual(codes(doc), ['unknown-name'], 'not before the delay');
    timers.advance(1);
    await settle();
    assert.deepEqual(codes(doc), ['bad-quantity']);
    assert.equal(workers.length, 0);
    diagnostics.dispose();
  });

  it('a large file: checked in the worker; a result for a version the user has typed past is dropped, the newest shown', async () => {
    const { timers, codes, shown, worker, answer, diagnostics } = setup(0);
    const doc = new Doc(UNKNOWN_OWNER);
    fireDocumentEvent('open', doc);
    await answer();
    assert.deepEqual(codes(doc), ['unknown-name']);

    doc.edit(BAD_UNIT);
    timers.advance(DIAGNOSTICS_DELAY_MS);
    assert.equal(worker().received.length, 2, 'version 2 sent');
    // The user types on while version 2 is checked.
    doc.edit(ARTICLE);
    await answer();
    assert.deepEqual(codes(doc), ['unknown-name'], "version 2's problems are not shown on version 3's text");
    timers.advance(DIAGNOSTICS_DELAY_MS);
    await answer();
    // The valid example's cluster-validation warnings, as the loader gives them.
    assert.deepEqual(codes(doc), analyzeText(ARTICLE, 'jsonc').diagnostics.map((d) => d.code));
    assert.ok(shown(doc)?.every((d) => d.severity === 1), 'warnings only');
    diagnostics.dispose();
  });

  it('typing without a pause checks only what was typed last', async () => {
    const { timers, codes, worker, answer, diagnostics } = setup(0);
    const doc = new Doc(ARTICLE);
    fireDocumentEvent('open', doc);
    await answer();
    for (let i = 0; i < 10; i++) {
      doc.edit(i % 2 ? UNKNOWN_OWNER : BAD_UNIT);
      timers.advance(DIAGNOSTICS_DELAY_MS / 3);
    }
    timers.advance(DIAGNOSTICS_DELAY_MS);
    assert.equal(worker().received.length, 2, 'one check for the ten edits');
    await answer();
    assert.deepEqual(codes(doc), ['unknown-name']);
    diagnostics.dispose();
  });

  it('a document closed while it is checked gets no problems afterwards', async () => {
    const { codes, answer, diagnostics } = setup(0);
    const doc = new Doc(UNKNOWN_OWNER);
    fireDocumentEvent('open', doc);
    doc.isClosed = true;
    fireDocumentEvent('close', doc);
    await answer();
    assert.equal(codes(doc), undefined);
    diagnostics.dispose();
  });

  it('two large files are both checked, one after the other, each getting its own problems', async () => {
    const { codes, worker, answer, diagnostics } = setup(0);
    const a = new Doc(UNKNOWN_OWNER, '/w/a.cluster.json');
    const b = new Doc(BAD_UNIT, '/w/b.cluster.json');
    fireDocumentEvent('open', a);
    fireDocumentEvent('open', b);
    assert.equal(worker().received.length, 1);
    await answer();
    await answer();
    assert.deepEqual([codes(a), codes(b)], [['unknown-name'], ['bad-quantity']]);
    diagnostics.dispose();
  });

  it('if the worker crashes, the problems still come (checked on the host thread) and the log says what happened', async () => {
    const { codes, worker, logged, diagnostics } = setup(0);
    const doc = new Doc(UNKNOWN_OWNER);
    fireDocumentEvent('open', doc);
    worker().emit('exit', 134);
    await settle();
    assert.deepEqual(codes(doc), ['unknown-name']);
    assert.match(logged.join('\n'), /diagnostics worker thread stopped \(it exited with code 134\); checking file:\/\/\/w\/a\.cluster\.json on the extension host thread instead/);
    diagnostics.dispose();
  });

  it('a check that fails is logged, and the problems shown before stay', async () => {
    const { timers, codes, worker, answer, logged, diagnostics } = setup(0);
    const doc = new Doc(UNKNOWN_OWNER);
    fireDocumentEvent('open', doc);
    await answer();
    doc.edit(BAD_UNIT);
    timers.advance(DIAGNOSTICS_DELAY_MS);
    worker().emit('message', { id: worker().last.id, error: 'the loader threw' });
    await settle();
    assert.deepEqual(codes(doc), ['unknown-name']);
    assert.match(logged.join('\n'), /error: checking file:\/\/\/w\/a\.cluster\.json failed: Error: the loader threw/);
    diagnostics.dispose();
  });

  it('update() checks at once and resolves to what it showed, or undefined when that version was typed past', async () => {
    const { answer, diagnostics } = setup(0);
    const doc = new Doc(UNKNOWN_OWNER);
    const now = diagnostics.update(doc as never);
    await answer();
    assert.equal((await now)?.version, 1);
    const late = diagnostics.update(doc as never);
    doc.version++;
    assert.equal(await late, undefined, 'version 1 is cached, but the document is at version 2 now');
    diagnostics.dispose();
  });
});
