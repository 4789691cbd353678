import { lowestBit, popcount32 } from './popcount';

/** Largest bitmap: 2^31 pages (8 TiB of 4 KiB pages), so page numbers stay valid uint32 shifts. */
export const MAX_PAGES = 2 ** 31;

/** Default resolution of {@link DirtyBitmap.density}: what the dashboard draws. */
export const DENSITY_BUCKETS = 256;

function checkPages(pages: number): void {
  if (!Number.isInteger(pages) || pages < 0 || pages > MAX_PAGES) {
    throw new RangeError(`page count must be an integer in [0, 2^31]: ${pages}`);
  }
}

/** A mask of bits [from, to) of one word, 0 <= from < to <= 32. */
function bitsMask(from: number, to: number): number {
  const high = to === 32 ? -1 : (1 << to) - 1;
  return high & ~((1 << from) - 1);
}

/** The reading side of a {@link DirtyBitmap}: what a bitmap owned by someone else is exposed as. */
export interface ReadonlyBitmap extends Iterable<number> {
  readonly pages: number;
  readonly wordCount: number;
  test(page: number): boolean;
  count(): number;
  countRange(start: number, end: number): number;
  forEachSet(fn: (page: number) => void): void;
  setPages(): IterableIterator<number>;
  wordAt(index: number): number;
  density(buckets?: number): number[];
}

/**
 * One bit per 4 KiB page of a VM's memory, in a Uint32Array (page p is bit p & 31 of word p >> 5;
 * bits past the last page are always zero). Used as the dirty bitmap of a live migration and as
 * any other set of pages (pages copied, pages to copy).
 *
 * The number of set bits is maintained exactly on every change, so {@link count} is O(1);
 * {@link recount} recomputes it with a SWAR popcount per word. A 64 GiB VM (16,777,216 pages)
 * takes 2 MiB.
 */
export class DirtyBitmap implements ReadonlyBitmap {
  readonly pages: number;
  readonly wordCount: number;
  private words: Uint32Array;
  private setBits = 0;

  constructor(pages: number) {
    checkPages(pages);
    this.pages = pages;
    this.wordCount = Math.ceil(pages / 32);
    this.words = new Uint32Array(this.wordCount);
  }

  private check(page: number): void {
    if (page >>> 0 !== page || page >= this.pages) {
      throw new RangeError(`page ${page} outside [0, ${this.pages})`);
    }
  }

  private checkRange(start: number, end: number): void {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > this.pages || start > end) {
      throw new RangeError(`range [${start}, ${end}) outside [0, ${this.pages})`);
    }
  }

  private checkSameSize(other: DirtyBitmap): void {
    if (other.pages !== this.pages) {
      throw new RangeError(`bitmaps differ in size: ${this.pages} and ${other.pages} pages`);
    }
  }

  /** Marks a page; true if it was not marked before. */
  set(page: number): boolean {
    this.check(page);
    const w = page >>> 5;
    const bit = 1 << (page & 31);
    const old = this.words[w];
    if ((old & bit) !== 0) return false;
    this.words[w] = old | bit;
    this.setBits++;
    return true;
  }

  test(page: number): boolean {
    this.check(page);
    return (this.words[page >>> 5] & (1 << (page & 31))) !== 0;
  }

  /**
   * Marks `writes` pages, each `start + rng.int(pages)`: uniform writes over the region
   * [start, start + pages), drawn and applied in order exactly as that many {@link set} calls
   * would (the sampler's hot loop), without a call and a full check per page.
   */
  setUniform(start: number, pages: number, writes: number, rng: { int(n: number): number }): void {
    this.checkRange(start, start + pages);
    const words = this.words;
    const limit = this.pages;
    let added = 0;
    for (let i = 0; i < writes; i++) {
      const page = start + rng.int(pages);
      if (page >= limit) this.check(page); // throws, as set() would
      const w = page >>> 5;
      const bit = 1 << (page & 31);
      const old = words[w];
      if ((old & bit) === 0) {
        words[w] = old | bit;
        added++;
      }
    }
    this.setBits += added;
  }

  /** Unmarks a page; true if it was marked. */
  clear(page: number): boolean {
    this.check(page);
    const w = page >>> 5;
    const bit = 1 << (page & 31);
    const old = this.words[w];
    if ((old & bit) === 0) return false;
    this.words[w] = old & ~bit;
    this.setBits--;
    return true;
  }

  /** Marks pages [start, end), a word at a time. */
  setRange(start: number, end: number): void {
    this.checkRange(start, end);
    if (start === end) return;
    const words = this.words;
    const first = start >>> 5;
    const last = (end - 1) >>> 5;
    if (first === last) {
      const mask = bitsMask(start & 31, ((end - 1) & 31) + 1);
      const old = words[first];
      this.setBits += popcount32(mask & ~old);
      words[first] = old | mask;
      return;
    }
    // Nothing to count in the whole words between the ends when the bitmap is empty (pass 1).
    const empty = this.setBits === 0;
    let added = 0;
    const headMask = bitsMask(start & 31, 32);
    added += popcount32(headMask & ~words[first]);
    words[first] |= headMask;
    if (last > first + 1) {
      let had = 0;
      if (!empty) {
        for (let w = first + 1; w < last; w++) {
          const x = words[w];
          if (x !== 0) had += popcount32(x);
        }
      }
      words.fill(0xffffffff, first + 1, last);
      added += 32 * (last - first - 1) - had;
    }
    const tailMask = bitsMask(0, ((end - 1) & 31) + 1);
    added += popcount32(tailMask & ~words[last]);
    words[last] |= tailMask;
    this.setBits += added;
  }

  /** Number of marked pages, O(1). */
  count(): number {
    return this.setBits;
  }

  /** Number of marked pages recomputed from the words (SWAR popcount); always equals {@link count}. */
  recount(): number {
    const words = this.words;
    let n = 0;
    for (let w = 0; w < words.length; w++) {
      const x = words[w];
      if (x !== 0) n += popcount32(x);
    }
    return n;
  }

  /** Number of marked pages in [start, end). */
  countRange(start: number, end: number): number {
    this.checkRange(start, end);
    if (start === end) return 0;
    const words = this.words;
    const first = start >>> 5;
    const last = (end - 1) >>> 5;
    if (first === last) return popcount32(words[first] & bitsMask(start & 31, ((end - 1) & 31) + 1));
    let n = popcount32(words[first] & bitsMask(start & 31, 32));
    for (let w = first + 1; w < last; w++) {
      const x = words[w];
      if (x !== 0) n += popcount32(x);
    }
    return n + popcount32(words[last] & bitsMask(0, ((end - 1) & 31) + 1));
  }

  /** Unmarks every page (nothing to do when none is marked). */
  clearAll(): void {
    if (this.setBits === 0) return;
    this.words.fill(0);
    this.setBits = 0;
  }

  /** Calls `fn` with each marked page in increasing order, skipping empty words. */
  forEachSet(fn: (page: number) => void): void {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let x = words[w];
      while (x !== 0) {
        fn((w << 5) + lowestBit(x));
        x &= x - 1;
      }
    }
  }

  /** The marked pages in increasing order (same walk as {@link forEachSet}). */
  *setPages(): IterableIterator<number> {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let x = words[w];
      while (x !== 0) {
        yield (w << 5) + lowestBit(x);
        x &= x - 1;
      }
    }
  }

  [Symbol.iterator](): IterableIterator<number> {
    return this.setPages();
  }

  /** The 32 bits of word `index` (pages 32·index ..): read-only access for O(words) set algebra. */
  wordAt(index: number): number {
    return this.words[index];
  }

  /** Exchanges contents with a bitmap of the same size, O(1): the arrays trade places. */
  swap(other: DirtyBitmap): void {
    this.checkSameSize(other);
    const words = this.words;
    this.words = other.words;
    other.words = words;
    const bits = this.setBits;
    this.setBits = other.setBits;
    other.setBits = bits;
  }

  /**
   * End of a pre-copy pass: `into` receives this bitmap's pages (what the next pass copies; its
   * previous contents are dropped) and this one starts empty to collect the next pass's writes.
   * Double-buffered: the two bitmaps swap arrays and only one is zeroed; nothing is allocated.
   */
  takeAndClear(into: DirtyBitmap): void {
    this.swap(into);
    this.clearAll();
  }

  /** Makes this bitmap equal to `other`. */
  copyFrom(other: DirtyBitmap): void {
    this.checkSameSize(other);
    this.words.set(other.words);
    this.setBits = other.setBits;
  }

  /** Marks every page marked in `other` (set union, in place). */
  or(other: DirtyBitmap): void {
    this.checkSameSize(other);
    // Nothing to add, or nothing left to add (after pass 1 every page has been copied).
    if (other.setBits === 0 || this.setBits === this.pages) return;
    if (this.setBits === 0 || other.setBits === this.pages) {
      // The union is `other` itself (bits past the last page are zero in both): one copy.
      this.words.set(other.words);
      this.setBits = other.setBits;
      return;
    }
    const a = this.words;
    const b = other.words;
    let added = 0;
    for (let w = 0; w < a.length; w++) {
      const x = b[w];
      if (x === 0) continue;
      const old = a[w];
      added += popcount32(x & ~old);
      a[w] = old | x;
    }
    this.setBits += added;
  }

  /** Number of pages marked here but not in `other`. */
  countAndNot(other: DirtyBitmap): number {
    this.checkSameSize(other);
    const a = this.words;
    const b = other.words;
    let n = 0;
    for (let w = 0; w < a.length; w++) {
      const x = a[w] & ~b[w];
      if (x !== 0) n += popcount32(x);
    }
    return n;
  }

  /**
   * Downsampled picture for the dashboard (never send the raw bitmap): memory cut into `buckets`
   * contiguous slices of (nearly) equal size, bucket b covering pages
   * [floor(b·pages/buckets), floor((b+1)·pages/buckets)); each entry is the fraction of that
   * slice's pages that are marked, 0 for an empty slice (more buckets than pages). O(words + buckets).
   */
  density(buckets: number = DENSITY_BUCKETS): number[] {
    if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`bucket count must be a positive integer: ${buckets}`);
    const out = new Array<number>(buckets);
    for (let b = 0; b < buckets; b++) {
      const start = bucketStart(b, buckets, this.pages);
      const end = bucketStart(b + 1, buckets, this.pages);
      out[b] = end > start ? this.countRange(start, end) / (end - start) : 0;
    }
    return out;
  }
}

/** First page of density bucket `b` (b = buckets gives `pages`). Exact in doubles: pages·buckets < 2^53. */
export function bucketStart(b: number, buckets: number, pages: number): number {
  return Math.floor((b * pages) / buckets);
}
