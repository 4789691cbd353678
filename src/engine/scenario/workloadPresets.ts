/**
 * The workload presets a VM can name instead of writing its workload out. What matters for live
 * migration is how fast the guest dirties memory compared with the link that copies it: a 1 Gbps
 * network copies about 125 MB/s (about 30,500 pages of 4 KiB a second), so a VM that dirties a
 * few MB/s converges in two or three passes, and one that dirties more distinct pages a second
 * than the link carries never does. The numbers below are typical of the 2008 R2 era guests each
 * name stands for; the schema's enum descriptions repeat them so users see them on hover.
 */
import type { Bytes, WorkloadPreset, WorkloadSpec } from './model';

const KB = 1e3;
const MB = 1e6;
const MiB = 2 ** 20;
const GiB = 2 ** 30;

export type PresetNumbers = Omit<WorkloadSpec, 'preset'>;

export const WORKLOAD_PRESETS: Readonly<Record<WorkloadPreset, PresetNumbers>> = {
  /**
   * A domain controller or lightly used file server: the OS's own housekeeping. About 240 page
   * writes a second into a small hot region; live migration converges after the first pass.
   */
  idle: { memoryWrites: 1 * MB, workingSet: 64 * MiB, hotShare: 0.95, diskIo: 100 * KB },
  /**
   * An IIS front end: session state, caches and request buffers, about 2,000 page writes a second
   * mostly into half a gigabyte; logs trickle to disk.
   */
  web: { memoryWrites: 8 * MB, workingSet: 512 * MiB, hotShare: 0.9, diskIo: 2 * MB },
  /**
   * An OLTP SQL Server: the buffer pool's hot pages and the log buffer, about 9,800 page writes
   * a second into 2 GiB; the log and checkpoints write 20 MB/s. Over 1 Gbps this needs several
   * passes (each roughly a third of the one before), the case live migration was built for.
   */
  database: { memoryWrites: 40 * MB, workingSet: 2 * GiB, hotShare: 0.9, diskIo: 20 * MB },
  /**
   * An in-memory cache or analytics job: about 49,000 page writes a second spread over 6 GiB,
   * more than a 1 Gbps link can copy, so pre-copy stops on maxPasses or because it is not
   * converging (and 10 Gbps makes the difference).
   */
  memoryIntensive: { memoryWrites: 200 * MB, workingSet: 6 * GiB, hotShare: 0.8, diskIo: 5 * MB },
};

export const WORKLOAD_PRESET_NAMES = Object.keys(WORKLOAD_PRESETS) as WorkloadPreset[];

export function isWorkloadPreset(value: unknown): value is WorkloadPreset {
  return typeof value === 'string' && Object.hasOwn(WORKLOAD_PRESETS, value);
}

/** A preset for a VM of the given memory: the working set never exceeds the VM's memory. */
export function presetWorkload(name: WorkloadPreset, vmMemory: Bytes | null): WorkloadSpec {
  const p = WORKLOAD_PRESETS[name];
  return {
    preset: name,
    ...p,
    workingSet: vmMemory === null ? p.workingSet : Math.min(p.workingSet, vmMemory),
  };
}
