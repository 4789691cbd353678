import { strict as assert } from 'node:assert';
import { Kernel, Priority } from '../../../src/engine/kernel';

describe('Kernel', () => {
  it('runs events in time order whatever the scheduling order', () => {
    const k = new Kernel();
    const seen: number[] = [];
    for (const t of [5, 1, 3, 2, 4]) k.at(t, () => seen.push(k.now));
    k.runAll();
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  });

  it('breaks ties at one instant by priority, then by scheduling order', () => {
    const k = new Kernel();
    const seen: string[] = [];
    k.at(1, () => seen.push('action-a'), 'a', Priority.action);
    k.at(1, () => seen.push('failure'), 'f', Priority.failure);
    k.at(1, () => seen.push('action-b'), 'b', Priority.action);
    k.at(1, () => seen.push('completion'), 'c', Priority.completion);
    k.runAll();
    assert.deepEqual(seen, ['completion', 'failure', 'action-a', 'action-b']);
  });

  it('keeps FIFO order among many equal events (heap layout never leaks)', () => {
    const k = new Kernel();
    const seen: number[] = [];
    for (let i = 0; i < 1000; i++) k.at(7, () => seen.push(i));
    k.runAll();
    assert.deepEqual(seen, Array.from({ length: 1000 }, (_, i) => i));
  });

  it('does not run a cancelled event and counts it out of pending', () => {
    const k = new Kernel();
    let ran = false;
    const h = k.after(2, () => (ran = true));
    k.after(3, () => undefined);
    assert.equal(k.pending, 2);
    h.cancel();
    h.cancel();
    assert.equal(k.pending, 1);
    assert.equal(h.cancelled, true);
    k.runAll();
    assert.equal(ran, false);
    assert.equal(k.now, 3);
  });

  it('lets an event schedule further events, including at the same instant', () => {
    const k = new Kernel();
    const seen: string[] = [];
    k.at(1, () => {
      seen.push('first');
      k.after(0, () => seen.push('same instant'));
      k.after(1, () => seen.push('later'));
    });
    k.at(1, () => seen.push('second'));
    k.runAll();
    assert.deepEqual(seen, ['first', 'second', 'same instant', 'later']);
    assert.equal(k.now, 2);
  });

  it('runUntil stops at the boundary, includes it, and moves the clock to it', () => {
    const k = new Kernel();
    const seen: number[] = [];
    for (const t of [1, 2, 3]) k.at(t, () => seen.push(t));
    k.runUntil(2);
    assert.deepEqual(seen, [1, 2]);
    assert.equal(k.now, 2);
    k.runUntil(2.5);
    assert.equal(k.now, 2.5);
    assert.equal(k.nextTime(), 3);
  });

  it('never schedules into the past and rejects non-finite times and negative delays', () => {
    const k = new Kernel();
    k.runUntil(10);
    const h = k.at(4, () => undefined);
    assert.equal(h.time, 10);
    assert.throws(() => k.at(Number.NaN, () => undefined), RangeError);
    assert.throws(() => k.after(-1, () => undefined), RangeError);
  });
});
