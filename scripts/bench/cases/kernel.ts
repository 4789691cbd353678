/**
 * The kernel alone: events per second on a synthetic mix like a busy simulation's. 10,000 event
 * "slots" (think flows' completions and timers), each with one pending event at a random
 * (exponential) delay and one of the engine's priorities. When a slot's event runs it schedules
 * the slot's next one; one time in five it also moves another slot's event (cancel it, schedule
 * it again elsewhere: a flow's completion moving when its rate changes), so cancelled events pile
 * up in the queue as they do in a real run. Schedule, cancel and step all count.
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
  goal: { metric: { name: 'eventsPerSecond', min: 1_000_000 }, text: 'millions of events/s' },
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
