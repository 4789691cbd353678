/**
 * What a crash-consistent restart loses: "anything in memory at the time that had not been
 * written to disk would be lost" (the article). Of everything in a VM's memory, what matters is
 * the data its programs had written and the guest believed stored, still waiting in the guest's
 * file cache: the rest (code, read caches, process state) is rebuilt by the boot.
 *
 * The model: the Windows cache manager's lazy writer. Writes land in the file cache; every
 * `interval` (1 s) the lazy writer flushes `fraction` (1/8) of the dirty pages. With writes at r
 * bytes/s the dirty amount D after each second is D' = D (1 - 1/8) + r, which settles at
 * D = r x interval / fraction = 8 s of writes, and from a clean cache (a VM that has just booted)
 * grows as D(t) = 8 r (1 - (7/8)^t). So:
 *
 *   lostBytes = min(memory, diskIo x 8 s x (1 - (7/8)^(t / 1 s)))
 *
 * where t is how long the VM had been running since its last boot (infinite for a VM already
 * running when the scenario starts: steady state) and diskIo the workload's disk I/O, taken as
 * writes (the workload model has no read/write split, so this is an upper bound). Writes an
 * application makes with write-through (a database's log) are not cached and would not be lost;
 * the model does not tell them apart. A VM that was booting has written nothing yet: 0.
 */

/** The lazy writer runs every second... */
export const LAZY_WRITER_INTERVAL = 1;
/** ...and flushes an eighth of the dirty pages each time. */
export const LAZY_WRITER_FRACTION = 1 / 8;

/**
 * Unflushed writes of a VM that crashes after running `runningFor` seconds (Infinity: since
 * long before) with `diskIo` bytes/s of writes and `memory` bytes of memory.
 */
export function unflushedBytes(diskIo: number, memory: number, runningFor: number): number {
  if (!(runningFor > 0) || !(diskIo > 0)) return 0;
  const steady = (diskIo * LAZY_WRITER_INTERVAL) / LAZY_WRITER_FRACTION;
  const filled = runningFor === Number.POSITIVE_INFINITY ? 1 : 1 - (1 - LAZY_WRITER_FRACTION) ** (runningFor / LAZY_WRITER_INTERVAL);
  return Math.min(memory, Math.round(steady * filled));
}
