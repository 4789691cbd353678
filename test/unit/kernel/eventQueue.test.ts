/**
 * The kernel's event queue (heap for the near future, buckets beyond once many are pending)
 * against a plain reference: a list searched in full for the least (time, priority, sequence)
 * at every step. Whatever the queue's structure, the two must hand out the same events in the
 * same order, count the same pending events, and never hand out a cancelled one.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { EventQueue, type QueueThresholds } from '../../../src/engine/kernel/eventQueue';
import { PROPERTY_SEED, runs } from '../hardening/scenarioArbitrary';

type State = 'queued' | 'taken' | 'cancelled';

/** One event as the test sees it: its key, and where it is in its life. */
class Ev {
  state: State = 'queued';
  constructor(
    readonly time: number,
    readonly priority: number,
    readonly seq: number,
  ) {}
}

/**
 * The queue under test with events as objects: it queues an event's key and a callback, and
 * hands the callback back when the event's turn comes, which tells which event that is.
 */
class Tested {
  readonly queue: EventQueue;
  private readonly byRun = new Map<() => void, Ev>();
  private readonly names = new Map<Ev, { slot: number; generation: number }>();

  constructor(thresholds?: QueueThresholds) {
    this.queue = thresholds ? new EventQueue(thresholds) : new EventQueue();
  }

  push(e: Ev): void {
    const run = (): void => undefined;
    this.byRun.set(run, e);
    const slot = this.queue.push(e.time, e.priority, e.seq, run);
    this.names.set(e, { slot, generation: this.queue.generation(slot) });
  }

  cancel(e: Ev): void {
    const name = this.names.get(e) as { slot: number; generation: number };
    this.queue.cancel(name.slot, name.generation);
    if (e.state === 'queued') e.state = 'cancelled';
  }

  /** The next event, taken out of the queue; its time as the queue reports it must be its own. */
  pop(): Ev | undefined {
    const run = this.queue.take();
    if (run === null) return undefined;
    const e = this.byRun.get(run) as Ev;
    assert.equal(this.queue.takenTime, e.time);
    assert.equal(e.state, 'queued', `seq ${e.seq} was handed out while ${e.state}`);
    e.state = 'taken';
    return e;
  }

  get size(): number {
    return this.queue.size;
  }
}

/** The simplest correct queue: every event in a list, the least found by a full search. */
class ReferenceQueue {
  private readonly events: Ev[] = [];

  push(e: Ev): void {
    this.events.push(e);
  }

  get size(): number {
    return this.events.filter((e) => e.state === 'queued').length;
  }

  /** The least queued event by (time, priority, sequence), without taking it. */
  least(): Ev | undefined {
    let best: Ev | undefined;
    for (const e of this.events) {
      if (e.state !== 'queued') continue;
      if (!best || e.time < best.time || (e.time === best.time && (e.priority < best.priority || (e.priority === best.priority && e.seq < best.seq)))) best = e;
    }
    return best;
  }

  remove(e: Ev): void {
    this.events.splice(this.events.indexOf(e), 1);
  }
}

/**
 * Runs the same operations on the queue under test (its own events) and on the reference (a
 * twin of each event), checking every answer. Operations are plain numbers so fast-check
 * shrinks them; times come from a small seeded generator inside a bulk push.
 */
type Op =
  | { kind: 'push'; delay: number; priority: number }
  | { kind: 'pushMany'; count: number; seed: number; spread: number; ties: boolean }
  | { kind: 'pushAt'; time: number; priority: number }
  | { kind: 'cancel'; which: number }
  | { kind: 'pop' }
  | { kind: 'popMany'; count: number }
  | { kind: 'peek' };

const PRIORITIES = [0, 10, 20, 30, 40];

function lcg(seed: number): () => number {
  let a = seed >>> 0 || 1;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

function check(ops: readonly Op[], thresholds: QueueThresholds | undefined): void {
  const queue = new Tested(thresholds);
  const reference = new ReferenceQueue();
  const mine: Ev[] = [];
  const twins: Ev[] = [];
  let seq = 0;
  let now = 0;
  const push = (time: number, priority: number) => {
    const e = new Ev(time, priority, seq);
    const twin = new Ev(time, priority, seq);
    seq++;
    mine.push(e);
    twins.push(twin);
    queue.push(e);
    reference.push(twin);
  };
  const pop = () => {
    const want = reference.least();
    const got = queue.pop();
    if (!want) {
      assert.equal(got, undefined);
      return;
    }
    assert.ok(got, `the queue is empty, the reference has seq ${want.seq}`);
    assert.equal(got.seq, want.seq, `popped seq ${got.seq} (t=${got.time}), the reference's least is seq ${want.seq} (t=${want.time})`);
    want.state = 'taken';
    reference.remove(want);
    now = got.time;
  };
  for (const op of ops) {
    switch (op.kind) {
      case 'push':
        push(now + op.delay, PRIORITIES[op.priority]);
        break;
      case 'pushAt':
        push(op.time, PRIORITIES[op.priority]);
        break;
      case 'pushMany': {
        const r = lcg(op.seed);
        for (let i = 0; i < op.count; i++) {
          const delay = op.ties ? Math.floor(r() * 4) * op.spread : -Math.log(1 - r()) * op.spread;
          push(now + delay, PRIORITIES[Math.floor(r() * PRIORITIES.length)]);
        }
        break;
      }
      case 'cancel': {
        if (mine.length === 0) break;
        const i = op.which % mine.length;
        queue.cancel(mine[i]);
        // The reference forgets a cancelled event that had not run; one that ran stays run.
        if (twins[i].state === 'queued') {
          twins[i].state = 'cancelled';
          reference.remove(twins[i]);
        }
        break;
      }
      case 'pop':
        pop();
        break;
      case 'popMany':
        for (let i = 0; i < op.count; i++) pop();
        break;
      case 'peek': {
        const want = reference.least();
        assert.equal(queue.queue.nextTime(), want?.time);
        break;
      }
    }
    assert.equal(queue.size, reference.size);
  }
  // Drained to the end, the two agree on every remaining event.
  while (reference.size > 0) pop();
  assert.equal(queue.pop(), undefined);
  assert.equal(queue.queue.nextTime(), undefined);
  assert.equal(queue.size, 0);
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('push' as const), delay: fc.oneof(fc.constant(0), fc.constantFrom(0.5, 1, 2), fc.double({ min: 0, max: 100, noNaN: true })), priority: fc.integer({ min: 0, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pushMany' as const), count: fc.integer({ min: 1, max: 700 }), seed: fc.integer(), spread: fc.constantFrom(1e-9, 0.001, 1, 3600, 1e12), ties: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pushAt' as const), time: fc.double({ min: 0, max: 1e6, noNaN: true }), priority: fc.integer({ min: 0, max: 4 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('cancel' as const), which: fc.nat() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('popMany' as const), count: fc.integer({ min: 1, max: 900 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('peek' as const) }) },
);

describe('EventQueue against a reference queue', () => {
  it('hands out the same events in the same order as the reference, with the default thresholds', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => check(ops, undefined)), { seed: PROPERTY_SEED, numRuns: runs(60) });
  });

  it('hands out the same events in the same order as the reference, switching structures often (small thresholds)', () => {
    const thresholds = fc.record({ bucketsFrom: fc.integer({ min: 1, max: 40 }), rowAtLeast: fc.integer({ min: 1, max: 20 }) });
    fc.assert(fc.property(fc.array(opArb, { maxLength: 60 }), thresholds, (ops, t) => check(ops, t)), { seed: PROPERTY_SEED, numRuns: runs(150) });
  });

  it('keeps FIFO order among thousands of events tied in time and priority, past the bucket threshold', () => {
    const q = new Tested();
    const events = Array.from({ length: 5000 }, (_, i) => new Ev(7, 30, i));
    for (const e of events) q.push(e);
    const out: number[] = [];
    for (let e = q.pop(); e; e = q.pop()) out.push(e.seq);
    assert.deepEqual(out, events.map((e) => e.seq));
  });

  it('orders ties at one instant by priority then sequence when they arrive in buckets', () => {
    // 2,000 events spread over [0, 10), then a burst at t = 5 in reverse priority order: the burst
    // lands in a bucket with others and must still come out by priority, then scheduling order.
    const q = new Tested();
    const r = lcg(1);
    let seq = 0;
    for (let i = 0; i < 2000; i++) q.push(new Ev(r() * 10, 30, seq++));
    const burst = [40, 30, 20, 10, 0, 40, 0].map((p) => new Ev(5, p, seq++));
    for (const e of burst) q.push(e);
    const atFive: Ev[] = [];
    let last = -1;
    for (let e = q.pop(); e; e = q.pop()) {
      assert.ok(e.time >= last, 'times never go back');
      last = e.time;
      if (e.time === 5) atFive.push(e);
    }
    assert.deepEqual(
      atFive.map((e) => [e.priority, e.seq]),
      [...burst].sort((a, b) => a.priority - b.priority || a.seq - b.seq).map((e) => [e.priority, e.seq]),
    );
  });

  it('skips a cancelled head, counts a cancel once, and ignores a cancel of an event that was taken', () => {
    for (const n of [3, 3000]) {
      const q = new Tested();
      const events = Array.from({ length: n }, (_, i) => new Ev(i, 30, i));
      for (const e of events) q.push(e);
      q.cancel(events[0]);
      q.cancel(events[0]);
      assert.equal(q.size, n - 1, 'a second cancel changes nothing');
      assert.equal(q.queue.nextTime(), 1, 'the cancelled head is skipped');
      assert.equal(q.pop(), events[1]);
      q.cancel(events[1]);
      assert.equal(q.size, n - 2, 'cancelling a taken event does not count it out twice');
      assert.equal(q.pop(), events[2]);
    }
  });

  it('never lets a handle on an event that ran or was cancelled touch the next event in its slot', () => {
    const q = new EventQueue();
    const first = q.push(1, 30, 0, () => undefined);
    const firstGeneration = q.generation(first);
    assert.ok(q.take());
    // The slot is free again: the next event may get it, with a new generation.
    const second = q.push(2, 30, 1, () => undefined);
    assert.equal(second, first, 'the freed slot is reused');
    assert.notEqual(q.generation(second), firstGeneration);
    q.cancel(first, firstGeneration);
    assert.equal(q.size, 1, 'the stale handle cancelled nothing');
    assert.equal(q.nextTime(), 2);
    q.cancel(second, q.generation(second));
    assert.equal(q.size, 0);
    assert.equal(q.take(), null);
    // Once its cancellation has been met, that slot is reused too; the old name still does nothing.
    const third = q.push(3, 30, 2, () => undefined);
    q.cancel(second, firstGeneration + 1);
    assert.equal(third, first);
    assert.equal(q.size, 1);
  });

  it('gives its events back after a cancel that empties it, and takes new ones after', () => {
    const q = new Tested({ bucketsFrom: 4, rowAtLeast: 2 });
    const events = Array.from({ length: 20 }, (_, i) => new Ev(i * 0.5, 30, i));
    for (const e of events) q.push(e);
    for (const e of events) q.cancel(e);
    assert.equal(q.size, 0);
    assert.equal(q.queue.nextTime(), undefined);
    assert.equal(q.pop(), undefined);
    const late = new Ev(100, 30, 20);
    q.push(late);
    assert.equal(q.pop(), late);
  });
});
