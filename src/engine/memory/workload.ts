import type { Random } from '../kernel';
import type { Seconds, WorkloadSpec } from '../scenario/model';
import type { DirtyBitmap } from './dirtyBitmap';
import { PAGE_SIZE, pagesFor } from './pages';
import { dirtyRegion } from './regionSampler';

/** Expected distinct pages dirtied, inside the working set (hot), outside it (cold), and in all. */
export interface DirtyEstimate {
  readonly hot: number;
  readonly cold: number;
  readonly total: number;
}

/** The parts of a workload that write memory. */
export type MemoryWorkload = Pick<WorkloadSpec, 'memoryWrites' | 'workingSet' | 'hotShare'>;

/**
 * A VM's memory writes: a Poisson stream of λ = memoryWrites / PAGE_SIZE writes per second, each
 * dirtying one page; with probability hotShare it lands uniformly in the working set
 * [0, hotPages), otherwise uniformly over all memory [0, totalPages) (the working set included).
 * A working set of zero sends every write uniformly; one as large as memory makes the two the same.
 *
 * Thinning a Poisson stream gives independent Poisson streams, so every page receives writes at
 * its own constant rate, independently of the others:
 *   a working-set page  λ·h/H + λ·(1 − h)/N   ({@link hotPageRate}),
 *   any other page      λ·(1 − h)/N           ({@link coldPageRate}),
 * with H hot pages, N pages in all, h the hot share. The two page ranges are sampled as two
 * disjoint regions of uniform rate (see regionSampler.ts).
 *
 * Splitting an interval changes nothing: the writes of a Poisson stream in disjoint intervals are
 * independent, a page receiving Poisson(r·t1) then Poisson(r·t2) writes, and it is clean after both
 * with probability e^(−r·t1)·e^(−r·t2) = e^(−r·(t1 + t2)), independently of every other page:
 * exactly the law of one interval t1 + t2. So the bitmap may be brought up to date at any moment
 * (a pass ending, a rate changing, a view asking) with the same result in distribution.
 *
 * A change of workload mid-interval is two calls: the interval up to the change with the old
 * process, the rest with the new one.
 */
export class WriteProcess {
  readonly totalPages: number;
  /** Pages of the working set, [0, hotPages). */
  readonly hotPages: number;
  /** λ: writes per second to the whole VM. */
  readonly writeRate: number;
  /** Writes per second received by one page of the working set. */
  readonly hotPageRate: number;
  /** Writes per second received by one page outside the working set. */
  readonly coldPageRate: number;

  constructor(workload: MemoryWorkload, totalPages: number) {
    const { memoryWrites, workingSet, hotShare } = workload;
    if (!Number.isInteger(totalPages) || totalPages < 0) throw new RangeError(`page count must be an integer >= 0: ${totalPages}`);
    if (!(memoryWrites >= 0) || !Number.isFinite(memoryWrites)) throw new RangeError(`memoryWrites must be finite and >= 0: ${memoryWrites}`);
    if (!(hotShare >= 0 && hotShare <= 1)) throw new RangeError(`hotShare must be in [0, 1]: ${hotShare}`);
    this.totalPages = totalPages;
    this.hotPages = Math.min(totalPages, pagesFor(workingSet));
    this.writeRate = memoryWrites / PAGE_SIZE;
    const n = totalPages;
    const h = this.hotPages;
    if (n === 0) {
      this.hotPageRate = 0;
      this.coldPageRate = 0;
    } else if (h === 0) {
      this.hotPageRate = 0;
      this.coldPageRate = this.writeRate / n;
    } else {
      const uniform = (this.writeRate * (1 - hotShare)) / n;
      this.hotPageRate = (this.writeRate * hotShare) / h + uniform;
      this.coldPageRate = uniform;
    }
  }

  /** The write process of a VM with `memory` bytes. */
  static forVm(workload: MemoryWorkload, memory: number): WriteProcess {
    return new WriteProcess(workload, pagesFor(memory));
  }

  /** Expected number of writes (not distinct pages) in `seconds`. */
  expectedWrites(seconds: Seconds): number {
    return this.writeRate * seconds;
  }

  /**
   * Marks on `bitmap` the pages dirtied by the writes of an interval of `seconds` (OR-ed in: pages
   * already dirty stay dirty). O(1) random draws per region for how many clean pages were hit;
   * where they are is drawn only if positions are read (see regionSampler.ts).
   */
  applyWrites(bitmap: DirtyBitmap, seconds: Seconds, rng: Random): void {
    if (bitmap.pages !== this.totalPages) {
      throw new RangeError(`bitmap has ${bitmap.pages} pages, the VM ${this.totalPages}`);
    }
    if (!(seconds >= 0) || !Number.isFinite(seconds)) throw new RangeError(`interval must be finite and >= 0: ${seconds}`);
    if (seconds === 0) return;
    const h = this.hotPages;
    dirtyRegion(bitmap, 0, h, this.hotPageRate * seconds, rng);
    dirtyRegion(bitmap, h, this.totalPages - h, this.coldPageRate * seconds, rng);
  }

  /** Probability that one page of the working set receives at least one write in `seconds`. */
  hotDirtyProbability(seconds: Seconds): number {
    return -Math.expm1(-this.hotPageRate * seconds);
  }

  /** Probability that one page outside the working set receives at least one write in `seconds`. */
  coldDirtyProbability(seconds: Seconds): number {
    return -Math.expm1(-this.coldPageRate * seconds);
  }

  /**
   * Expected distinct pages dirtied in `seconds`, starting from a clean bitmap: per region
   * P·(1 − e^(−r·t)) with r the region's per-page rate. For planning estimates; the bitmap itself
   * always comes from {@link applyWrites}.
   */
  expectedDirtyPages(seconds: Seconds): DirtyEstimate {
    const hot = this.hotPages * this.hotDirtyProbability(seconds);
    const cold = (this.totalPages - this.hotPages) * this.coldDirtyProbability(seconds);
    return { hot, cold, total: hot + cold };
  }

  /**
   * Expected dirty pages of `bitmap` after {@link applyWrites} for `seconds`: those already dirty
   * plus, for each clean page, the probability it gets written. O(words of the working set).
   */
  expectedDirtyPagesFrom(bitmap: DirtyBitmap, seconds: Seconds): DirtyEstimate {
    if (bitmap.pages !== this.totalPages) {
      throw new RangeError(`bitmap has ${bitmap.pages} pages, the VM ${this.totalPages}`);
    }
    const hotDirty = bitmap.countRange(0, this.hotPages);
    const coldDirty = bitmap.count() - hotDirty;
    const hot = hotDirty + (this.hotPages - hotDirty) * this.hotDirtyProbability(seconds);
    const cold = coldDirty + (this.totalPages - this.hotPages - coldDirty) * this.coldDirtyProbability(seconds);
    return { hot, cold, total: hot + cold };
  }
}
