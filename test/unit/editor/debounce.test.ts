import { strict as assert } from 'node:assert';
import { KeyedDebouncer } from '../../../src/extension/editor/debounce';
import type { Timers } from '../../../src/extension/session/timers';

/** Timers that move only when the test says so. */
class FakeTimers implements Timers {
  private clock = 0;
  private nextId = 1;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.clock;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.due.set(id, { at: this.clock + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number);
  }
  setInterval(): unknown {
    throw new Error('not used');
  }
  clearInterval(): void {}
  advance(ms: number): void {
    const until = this.clock + ms;
    for (;;) {
      const next = [...this.due.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!next) break;
      this.due.delete(next[0]);
      this.clock = next[1].at;
      next[1].fn();
    }
    this.clock = until;
  }
  get pending(): number {
    return this.due.size;
  }
}

describe('editor: KeyedDebouncer', () => {
  it('runs once, the delay after the last call', () => {
    const timers = new FakeTimers();
    const d = new KeyedDebouncer(300, timers);
    const runs: number[] = [];
    d.schedule('a', () => runs.push(timers.now()));
    timers.advance(200);
    d.schedule('a', () => runs.push(timers.now()));
    timers.advance(299);
    assert.deepEqual(runs, []);
    assert.ok(d.has('a'));
    timers.advance(1);
    assert.deepEqual(runs, [500]);
    assert.ok(!d.has('a'));
  });

  it('keeps one pending call per key: typing in one file does not delay another', () => {
    const timers = new FakeTimers();
    const d = new KeyedDebouncer(300, timers);
    const runs: string[] = [];
    d.schedule('a', () => runs.push('a'));
    timers.advance(100);
    d.schedule('b', () => runs.push('b'));
    timers.advance(200);
    assert.deepEqual(runs, ['a']);
    timers.advance(100);
    assert.deepEqual(runs, ['a', 'b']);
  });

  it('cancel and dispose drop pending calls', () => {
    const timers = new FakeTimers();
    const d = new KeyedDebouncer(300, timers);
    const runs: string[] = [];
    d.schedule('a', () => runs.push('a'));
    d.schedule('b', () => runs.push('b'));
    d.cancel('a');
    d.cancel('missing');
    assert.equal(timers.pending, 1);
    d.dispose();
    assert.equal(timers.pending, 0);
    timers.advance(1000);
    assert.deepEqual(runs, []);
  });
});
