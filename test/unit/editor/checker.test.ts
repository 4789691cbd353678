import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, type TextAnalysis } from '../../../src/extension/editor/analyzeText';
import { CHECK_TIMEOUT_MS, CRASH_LIMIT, CRASH_WINDOW_MS, IDLE_MS, INLINE_BUDGET_MS, ScenarioChecker, type CheckOutcome, type CheckRequest } from '../../../src/extension/editor/checker';
import { realTimers } from '../../../src/extension/session/timers';
import { FakeTimers, FakeWorker, settle, startSourceWorker } from './fakes';

const ARTICLE = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'article-cluster.cluster.json'), 'utf8');
const LARGE = 100;

/** A checker whose worker is a FakeWorker: texts of LARGE characters or more go to it. */
function setup() {
  const timers = new FakeTimers();
  const workers: FakeWorker[] = [];
  const log: string[] = [];
  const inline: string[] = [];
  const checker = new ScenarioChecker({
    startWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    log: { info: (m) => log.push(`info: ${m}`), error: (m) => log.push(`error: ${m}`) },
    timers,
    inlineBelow: LARGE,
    analyze: (text) => {
      inline.push(text);
      return analysisOf(text);
    },
  });
  const worker = (): FakeWorker => {
    const w = workers.at(-1);
    assert.ok(w, 'a worker was started');
    return w;
  };
  return { timers, workers, log, inline, checker, worker };
}

/** A recognisable analysis for a text: as many warnings as it has characters. */
function analysisOf(text: string): TextAnalysis {
  return { loads: true, diagnostics: [], errors: 0, warnings: text.length };
}

function request(key: string, version: number, size = LARGE): CheckRequest {
  return { key, version, languageId: 'jsonc', text: `${key}#${version}`.padEnd(size, ' ') };
}

/** The outcome of a promise once it settled, or 'pending'. */
function track(p: Promise<CheckOutcome>): { value: CheckOutcome | Error | 'pending' } {
  const box: { value: CheckOutcome | Error | 'pending' } = { value: 'pending' };
  p.then(
    (v) => (box.value = v),
    (e: unknown) => (box.value = e instanceof Error ? e : new Error(String(e))),
  );
  return box;
}

describe('editor: ScenarioChecker (where a check runs)', () => {
  it('checks a small file on the host thread, with no worker', async () => {
    const { checker, workers, inline } = setup();
    const outcome = await checker.check(request('a', 1, 10));
    assert.deepEqual(outcome, analysisOf(request('a', 1, 10).text));
    assert.equal(inline.length, 1);
    assert.equal(workers.length, 0);
  });

  it(`sends a small file to the worker from the time a check of it on the host thread took over ${INLINE_BUDGET_MS} ms`, async () => {
    const timers = new FakeTimers();
    const workers: FakeWorker[] = [];
    let cost = 1;
    const checker = new ScenarioChecker({
      startWorker: () => {
        const w = new FakeWorker();
        workers.push(w);
        return w;
      },
      log: { info() {}, error() {} },
      timers,
      inlineBelow: LARGE,
      analyze: (text) => {
        timers.advance(cost);
        return analysisOf(text);
      },
    });
    await checker.check(request('a', 1, 10));
    cost = INLINE_BUDGET_MS;
    await checker.check(request('a', 2, 10));
    assert.equal(workers.length, 0, `${INLINE_BUDGET_MS} ms is within the budget`);
    cost = INLINE_BUDGET_MS + 1;
    await checker.check(request('a', 3, 10));
    assert.equal(workers.length, 0, 'that check ran on the host thread');
    const p = checker.check(request('a', 4, 10));
    assert.equal(workers.length, 1, 'the next one goes to the worker');
    workers[0].answer(analysisOf('w'));
    assert.deepEqual(await p, analysisOf('w'));
    await checker.check(request('b', 1, 10));
    assert.equal(workers[0].received.length, 1, 'another small document still runs on the host thread');
    checker.forget('a');
    await checker.check(request('a', 5, 10));
    assert.equal(workers[0].received.length, 1, 'a document closed and opened again starts on the host thread');
  });

  it('checks a large file in the worker and answers with what the worker found', async () => {
    const { checker, worker, inline } = setup();
    const r = request('a', 1);
    const p = track(checker.check(r));
    assert.deepEqual(worker().received.map((m) => m.text), [r.text]);
    assert.equal(p.value, 'pending');
    worker().answer({ loads: false, diagnostics: [], errors: 2, warnings: 0 });
    await settle();
    assert.deepEqual(p.value, { loads: false, diagnostics: [], errors: 2, warnings: 0 });
    assert.deepEqual(inline, [], 'nothing ran on the host thread');
  });

  it('keeps one check waiting per document: a newer version supersedes the one waiting, the running one finishes', async () => {
    const { checker, worker } = setup();
    const v1 = track(checker.check(request('a', 1)));
    const v2 = track(checker.check(request('a', 2)));
    const v3 = track(checker.check(request('a', 3)));
    await settle();
    assert.equal(v2.value, 'superseded', 'v2 never ran');
    assert.equal(worker().received.length, 1, 'one check at a time');
    worker().answer(analysisOf('v1'));
    await settle();
    assert.deepEqual(v1.value, analysisOf('v1'), 'the running check answers (the caller knows its version)');
    assert.deepEqual(
      worker().received.map((m) => m.text.trim()),
      ['a#1', 'a#3'],
    );
    worker().answer(analysisOf('v3'));
    await settle();
    assert.deepEqual(v3.value, analysisOf('v3'));
  });

  it('checks documents in the order they came, a newer version keeping its document\'s place', async () => {
    const { checker, worker } = setup();
    void checker.check(request('a', 1));
    void checker.check(request('b', 1));
    void checker.check(request('c', 1));
    void checker.check(request('b', 2));
    for (let i = 0; i < 3; i++) {
      worker().answer();
      await settle();
    }
    assert.deepEqual(
      worker().received.map((m) => m.text.trim()),
      ['a#1', 'b#2', 'c#1'],
    );
  });

  it('a small version of a document supersedes a large one waiting, and is checked at once', async () => {
    const { checker, worker } = setup();
    void checker.check(request('x', 1));
    const big = track(checker.check(request('a', 1)));
    const small = await checker.check(request('a', 2, 10));
    await settle();
    assert.equal(big.value, 'superseded');
    assert.deepEqual(small, analysisOf(request('a', 2, 10).text));
    worker().answer();
    await settle();
    assert.equal(worker().received.length, 1, 'the large version was never sent');
  });

  it('if the worker crashes, logs it, checks that text on the host thread instead, and starts a new worker for the next', async () => {
    const { checker, timers, workers, worker, log, inline } = setup();
    const r = request('a', 1);
    const p = track(checker.check(r));
    const q = track(checker.check(request('b', 1)));
    worker().emit('error', new Error('boom'));
    worker().emit('exit', 1);
    await settle();
    assert.deepEqual(p.value, analysisOf(r.text), 'answered all the same');
    assert.deepEqual(inline, [r.text]);
    assert.equal(workers[0].terminated, true);
    assert.equal(log.filter((l) => l.startsWith('error:')).length, 1, log.join('\n'));
    assert.match(log[0], /diagnostics worker thread stopped \(boom\); checking a on the extension host thread instead/);
    // The next check goes to a new worker, on a later turn.
    timers.advance(0);
    assert.equal(workers.length, 2);
    assert.equal(worker().last.text.trim(), 'b#1');
    worker().answer();
    await settle();
    assert.notEqual(q.value, 'pending');
  });

  it(`checks everything on the host thread after ${CRASH_LIMIT} crashes within ${CRASH_WINDOW_MS / 60_000} minutes, not before`, async () => {
    const { checker, timers, workers, log, inline } = setup();
    const crash = async (key: string): Promise<void> => {
      const p = checker.check(request(key, 1));
      timers.advance(0);
      workers.at(-1)!.emit('exit', 7);
      await p;
      timers.advance(0);
    };
    await crash('a');
    timers.advance(CRASH_WINDOW_MS);
    await crash('b');
    await crash('c');
    assert.equal(workers.length, 3, 'the first crash fell out of the window');
    await crash('d');
    assert.equal(workers.length, 4);
    assert.match(log.at(-1)!, /stopped 3 times in 3 minutes: scenario files are checked on the extension host thread from now on/);
    const after = await checker.check(request('e', 1));
    assert.deepEqual(after, analysisOf(request('e', 1).text));
    assert.equal(workers.length, 4, 'no new worker');
    assert.equal(inline.length, 5);
  });

  it(`stops a check that does not answer in ${CHECK_TIMEOUT_MS / 1000} s, fails it (not retried on the host thread) and uses a new worker next`, async () => {
    const { checker, timers, workers, log, inline } = setup();
    const p = track(checker.check(request('a', 1)));
    timers.advance(CHECK_TIMEOUT_MS - 1);
    await settle();
    assert.equal(p.value, 'pending');
    timers.advance(1);
    await settle();
    const failed: unknown = p.value;
    assert.ok(failed instanceof Error && /longer than 30 s/.test(failed.message), String(failed));
    assert.equal(workers[0].terminated, true);
    assert.deepEqual(inline, []);
    assert.match(log.join('\n'), /Checking a took longer than 30 s/);
    // A late answer of the stopped worker changes nothing.
    workers[0].answer();
    workers[0].emit('exit', 1);
    const next = track(checker.check(request('a', 2)));
    assert.equal(workers.length, 2);
    workers[1].answer(analysisOf('fine'));
    await settle();
    assert.deepEqual(next.value, analysisOf('fine'));
    assert.equal(log.filter((l) => /stopped \(/.test(l)).length, 0, 'stopping it on purpose is no crash');
  });

  it(`stops an idle worker after ${IDLE_MS / 1000} s, and starts one again when needed`, async () => {
    const { checker, timers, workers } = setup();
    void checker.check(request('a', 1));
    workers[0].answer();
    await settle();
    timers.advance(IDLE_MS - 1);
    assert.equal(checker.hasWorker, true);
    timers.advance(1);
    assert.equal(checker.hasWorker, false);
    assert.equal(workers[0].terminated, true);
    workers[0].emit('exit', 1);
    void checker.check(request('a', 2));
    assert.equal(workers.length, 2);
    assert.equal(workers[1].last.text.trim(), 'a#2');
  });

  it('ignores (and logs) a message that does not answer the running check', async () => {
    const { checker, worker, log } = setup();
    const p = track(checker.check(request('a', 1)));
    worker().emit('message', { id: 999, analysis: analysisOf('x') });
    worker().emit('message', { nonsense: true });
    await settle();
    assert.equal(p.value, 'pending');
    assert.equal(log.filter((l) => /not an answer/.test(l)).length, 2);
    worker().answer(analysisOf('right'));
    await settle();
    assert.deepEqual(p.value, analysisOf('right'));
  });

  it('passes on a check that failed in the worker as an error', async () => {
    const { checker, worker } = setup();
    const p = track(checker.check(request('a', 1)));
    worker().emit('message', { id: worker().last.id, error: 'the loader threw' });
    await settle();
    assert.ok(p.value instanceof Error && p.value.message === 'the loader threw');
  });

  it('checks on the host thread when no worker can start, and says so once', async () => {
    const log: string[] = [];
    const checker = new ScenarioChecker({
      startWorker: () => {
        throw new Error('no threads here');
      },
      log: { info: () => undefined, error: (m) => log.push(m) },
      timers: new FakeTimers(),
      inlineBelow: LARGE,
      analyze: analysisOf,
    });
    assert.deepEqual(await checker.check(request('a', 1)), analysisOf(request('a', 1).text));
    assert.deepEqual(await checker.check(request('a', 2)), analysisOf(request('a', 2).text));
    assert.equal(log.length, 1);
    assert.match(log[0], /could not start/);
  });

  it('on dispose, the waiting and running checks end as superseded and the worker stops', async () => {
    const { checker, worker } = setup();
    const a = track(checker.check(request('a', 1)));
    const b = track(checker.check(request('b', 1)));
    checker.dispose();
    await settle();
    assert.deepEqual([a.value, b.value, worker().terminated], ['superseded', 'superseded', true]);
    assert.equal(await checker.check(request('c', 1)), 'superseded');
  });

  it('the real worker thread finds what the loader finds on the host thread', async function () {
    this.timeout(20_000);
    const checker = new ScenarioChecker({ startWorker: startSourceWorker, log: { info() {}, error() {} }, timers: realTimers, inlineBelow: 0 });
    try {
      const broken = ARTICLE.replace('"owner": "HV01"', '"owner": "HV09"');
      const [valid, invalid] = await Promise.all([
        checker.check({ key: 'a', version: 1, languageId: 'jsonc', text: ARTICLE }),
        checker.check({ key: 'b', version: 1, languageId: 'plaintext', text: broken }),
      ]);
      assert.ok(checker.hasWorker, 'checked in a worker');
      assert.deepEqual(valid, analyzeText(ARTICLE, 'jsonc'));
      assert.deepEqual(invalid, analyzeText(broken, 'plaintext'));
      assert.equal((invalid as TextAnalysis).loads, false);
    } finally {
      checker.dispose();
    }
  });
});
