/**
 * The kernel as a whole against a reference kernel written the plainest way (every pending event
 * in a list, the least (time, priority, sequence) searched for at each step): random programs of
 * events that schedule, cancel and reschedule others, as a simulation's modules do, with up to
 * thousands pending so the queue's buckets are used. Both must run the same events in the same
 * order at the same times, and agree on what is pending.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Kernel, Priority, type EventHandle } from '../../../src/engine/kernel';
import { PROPERTY_SEED, runs } from '../hardening/scenarioArbitrary';

interface RefEvent {
  time: number;
  priority: number;
  seq: number;
  run: () => void;
  state: 'queued' | 'ran' | 'cancelled';
}

class ReferenceKernel {
  now = 0;
  private seq = 0;
  private readonly pendingEvents: RefEvent[] = [];

  at(time: number, run: () => void, priority: number): EventHandle {
    const e: RefEvent = { time: Math.max(time, this.now), priority, seq: this.seq++, run, state: 'queued' };
    this.pendingEvents.push(e);
    return {
      get time() {
        return e.time;
      },
      get cancelled() {
        return e.state === 'cancelled';
      },
      cancel: () => {
        if (e.state === 'queued') this.pendingEvents.splice(this.pendingEvents.indexOf(e), 1);
        e.state = 'cancelled';
      },
    };
  }

  get pending(): number {
    return this.pendingEvents.length;
  }

  step(): boolean {
    let best: RefEvent | undefined;
    for (const e of this.pendingEvents) {
      if (!best || e.time < best.time || (e.time === best.time && (e.priority < best.priority || (e.priority === best.priority && e.seq < best.seq)))) best = e;
    }
    if (!best) return false;
    this.pendingEvents.splice(this.pendingEvents.indexOf(best), 1);
    best.state = 'ran';
    this.now = best.time;
    best.run();
    return true;
  }
}

const PRIORITIES = [Priority.completion, Priority.failure, Priority.action, Priority.default, Priority.observe];

/** A program: how many slots, how their delays are drawn, and a seed for the draws. */
interface Program {
  slots: number;
  seed: number;
  delays: 'exponential' | 'ties' | 'mixed';
  moveShare: number;
  steps: number;
}

/** A small seeded generator, the same for both kernels. */
function lcg(seed: number): () => number {
  let a = seed >>> 0 || 1;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

interface Scheduler {
  readonly now: number;
  at(time: number, run: () => void, priority: number): EventHandle;
  step(): boolean;
  readonly pending: number;
}

/** Runs a program on one kernel; returns what ran, in order, and the pending count along the way. */
function trace(program: Program, k: Scheduler): string[] {
  const r = lcg(program.seed);
  const out: string[] = [];
  const slots: EventHandle[] = [];
  const delay = (): number => {
    const kind = program.delays === 'mixed' ? (['exponential', 'ties'] as const)[Math.floor(r() * 2)] : program.delays;
    // Ties: a few fixed delays, zero among them, so many events share an instant.
    if (kind === 'ties') return [0, 0.25, 1, 1][Math.floor(r() * 4)];
    return -Math.log(1 - r()) * (r() < 0.05 ? 1000 : 1);
  };
  const schedule = (slot: number): void => {
    slots[slot] = k.at(k.now + delay(), () => fire(slot), PRIORITIES[Math.floor(r() * PRIORITIES.length)]);
  };
  const fire = (slot: number): void => {
    out.push(`${slot}@${k.now}`);
    schedule(slot);
    if (r() < program.moveShare) {
      // Move another slot's event (it may be this one's, just scheduled) or cancel one that ran.
      const other = Math.floor(r() * program.slots);
      slots[other].cancel();
      if (r() < 0.8) schedule(other);
    }
    if (r() < 0.02) out.push(`pending ${k.pending}`);
  };
  for (let i = 0; i < program.slots; i++) schedule(i);
  for (let i = 0; i < program.steps && k.step(); i++);
  out.push(`end pending ${k.pending} at ${k.now}`);
  return out;
}

describe('Kernel against a reference kernel', () => {
  it('runs the same events in the same order, from a few pending to thousands', () => {
    const program = fc.record({
      slots: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 500, max: 2000 })),
      seed: fc.integer(),
      delays: fc.constantFrom('exponential' as const, 'ties' as const, 'mixed' as const),
      moveShare: fc.constantFrom(0, 0.2, 0.9),
      steps: fc.integer({ min: 0, max: 4000 }),
    });
    fc.assert(
      fc.property(program, (p) => {
        const ref = new ReferenceKernel();
        const reference = trace(p, { get now() { return ref.now; }, at: (t, run, pr) => ref.at(t, run, pr), step: () => ref.step(), get pending() { return ref.pending; } });
        const k = new Kernel();
        const mine = trace(p, { get now() { return k.now; }, at: (t, run, pr) => k.at(t, run, '', pr), step: () => k.step(), get pending() { return k.pending; } });
        assert.deepEqual(mine, reference);
      }),
      { seed: PROPERTY_SEED, numRuns: runs(25) },
    );
  });

  it('counts an event cancelled after it ran out of pending only once', () => {
    const k = new Kernel();
    const first = k.after(1, () => undefined);
    k.after(2, () => undefined);
    k.step();
    assert.equal(k.pending, 1);
    first.cancel();
    assert.equal(first.cancelled, true, 'cancelled reads true after any cancel');
    assert.equal(k.pending, 1);
    k.runAll();
    assert.equal(k.pending, 0);
  });

  it('lets an event cancel itself while it runs, and a later one it had scheduled', () => {
    const k = new Kernel();
    const seen: string[] = [];
    let later: EventHandle | null = null;
    const self: EventHandle = k.after(1, () => {
      seen.push('self');
      self.cancel();
      later?.cancel();
    });
    later = k.after(2, () => seen.push('later'));
    k.runAll();
    assert.deepEqual(seen, ['self']);
    assert.equal(k.pending, 0);
  });
});
