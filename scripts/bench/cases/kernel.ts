/**
 * The kernel alone, two ways.
 *
 * kernelEvents: events per second on a synthetic mix like a busy simulation's. 10,000 event
 * "slots" (think flows' completions and timers), each with one pending event at a random
 * (exponential) delay and one of the engine's priorities. When a slot's event runs it schedules
 * the slot's next one; one time in five it also moves another slot's event (cancel it, schedule
 * it again elsewhere: a flow's completion moving when its rate changes), so cancelled events pile
 * up in the queue as they do in a real run. Schedule, cancel and step all count.
 *
 * kernelSmallQueue: the engine's own pattern, measured on the examples and the drains: at most
 * a few dozen events pending (16 in drain8), many at the instant they were scheduled (a module
 * reacting "now", after another at the same time), wake-ups moved by cancel and schedule again,
 * and some cancels of handles whose event has already run (a network re-arming its completion
 * after it fired); stepped as Simulation.run steps, asking nextTime() before each step().
 */
import { Kernel, Priority, Random, type EventHandle } from '../../../src/engine/kernel';
import { round, type BenchCase } from '../measure';


const PRIORITIES = [Priority.completion, Priority.failure, Priority.action, Priority.default, Priority.observe];
const SLOTS = 10_000;

export const kernelMix: BenchCase = {
  name: 'kernelEvents',
  description: 'Kernel alone: schedule/cancel/step mix, 10,000 pending events',
  runs: 5,
  quickRuns: 3,
  goal: { metric: { name: 'eventsPerSecond', min: 3_000_000 }, text: '>= 3 M events/s (issue 15)' },
  prepare(quick) {
    const total = quick ? 1_000_000 : 5_000_000;
    const kernel = new Kernel();
    const rng = new Random(42, 'kernel bench');
    const slots: EventHandle[] = new Array(SLOTS);
    let scheduled = 0;
    let cancelled = 0;
    const schedule = (slot: number): void => {
      slots[slot] = kernel.after(rng.exponential(1), () => fire(slot), 'bench', PRIORITIES[rng.int(PRIORITIES.length)]);
      scheduled++;
    };
    const fire = (slot: number): void => {
      schedule(slot);
      if (rng.float() < 0.2) {
        const other = rng.int(SLOTS);
        if (other !== slot) {
          slots[other].cancel();
          cancelled++;
          schedule(other);
        }
      }
    };
    for (let i = 0; i < SLOTS; i++) schedule(i);
    let ran = 0;
    return {
      setup: { pending: kernel.pending },
      work() {
        ran = kernel.runAll(total);
        return { events: ran, scheduled, cancelled, pendingAtEnd: kernel.pending };
      },
      after(wallMs) {
        return { eventsPerSecond: round((ran / wallMs) * 1000), nsPerEvent: round((wallMs * 1e6) / ran) };
      },
    };
  },
};

const SMALL_SLOTS = 12;

export const kernelSmallQueue: BenchCase = {
  name: 'kernelSmallQueue',
  description: "Kernel alone, the engine's pattern: a dozen pending, ties at one instant, wake-ups moved, nextTime() before each step()",
  runs: 5,
  quickRuns: 3,
  prepare(quick) {
    const total = quick ? 1_000_000 : 5_000_000;
    const kernel = new Kernel();
    const rng = new Random(15, 'kernel small-queue bench');
    const slots: EventHandle[] = new Array(SMALL_SLOTS);
    let wakeup: EventHandle | null = null;
    let cancelled = 0;
    const schedule = (slot: number): void => {
      // A third react at the same instant, the rest a little later.
      const delay = rng.float() < 0.35 ? 0 : rng.exponential(10);
      slots[slot] = kernel.after(delay, () => fire(slot), 'bench', PRIORITIES[rng.int(PRIORITIES.length)]);
    };
    const rearm = (): void => {
      // Cancelled whether it is still pending or has already run, as the network model does.
      if (wakeup) {
        wakeup.cancel();
        cancelled++;
      }
      wakeup = kernel.after(rng.exponential(5), () => undefined, 'wake-up', Priority.completion);
    };
    const fire = (slot: number): void => {
      schedule(slot);
      if (rng.float() < 0.3) rearm();
    };
    for (let i = 0; i < SMALL_SLOTS; i++) schedule(i);
    let ran = 0;
    return {
      setup: { pending: kernel.pending },
      work() {
        while (ran < total && kernel.nextTime() !== undefined) {
          kernel.step();
          ran++;
        }
        return { events: ran, cancelled, pendingAtEnd: kernel.pending };
      },
      after(wallMs) {
        return { eventsPerSecond: round((ran / wallMs) * 1000), nsPerEvent: round((wallMs * 1e6) / ran) };
      },
    };
  },
};
