import { strict as assert } from 'node:assert';
import { KeyedDebouncer } from '../../../src/extension/editor/debounce';
import { FakeTimers } from './fakes';

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
