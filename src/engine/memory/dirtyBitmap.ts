import type { UniformSource } from './binomial';
import { countBits, fillAll, fullWord, setBits } from './bitWords';
import { lowestBit, popcount32 } from './popcount';
import { setUniformSubset } from './uniformSubset';

/** Largest bitmap: 2^31 pages (8 TiB of 4 KiB pages), so page numbers stay valid uint32 shifts. */
export const MAX_PAGES = 2 ** 31;

/** Default resolution of {@link DirtyBitmap.density}: what the dashboard draws. */
export const DENSITY_BUCKETS = 256;

function checkPages(pages: number): void {
  if (!Number.isInteger(pages) || pages < 0 || pages > MAX_PAGES) {
    throw new RangeError(`page count must be an integer in [0, 2^31]: ${pages}`);
  }
}

/**
 * Pages known to be marked, not yet placed: `count` of the pages of [start, end) that are clear
 * in the placed bits, chosen uniformly (see {@link DirtyBitmap.addUniform}).
 */
interface PendingPages {
  readonly start: number;
  readonly end: number;
  count: number;
  readonly rng: UniformSource;
}

/**
 * The reading side of a {@link DirtyBitmap}: what a bitmap owned by someone else is exposed as.
 * Reading positions (a page, a word, the pages, a density cut inside a pending region) places
 * pending pages, which draws from their stream: engine code may, views must not. `count`,
 * `countRange` over whole regions and `expectedDensity` never place anything.
 */
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
  expectedDensity(buckets?: number): number[];
}

/**
 * One bit per 4 KiB page of a VM's memory, in a Uint32Array (page p is bit p & 31 of word p >> 5;
 * bits past the last page are always zero). Used as the dirty bitmap of a live migration and as
 * any other set of pages (pages copied, pages to copy).
 *
 * Page-accurate, but lazy about where: {@link addUniform} records that some number of the clear
 * pages of a region are now marked, uniformly chosen, and the pages themselves are drawn only
 * when something reads positions (a page, a word, a union with a partial set...). Counts never
 * need them: {@link count} and {@link countRange} over whole regions are exact at once. So a live
 * migration, which needs only how many pages each pass sends, never places a write, and the
 * words themselves are allocated only when positions are first needed (a bitmap all clear or all
 * set is just its count until then). Views read {@link expectedDensity}, which places nothing and
 * draws nothing.
 *
 * The number of set bits is maintained exactly on every change, so {@link count} is O(1);
 * {@link recount} recomputes it with a SWAR popcount per word. A 64 GiB VM (16,777,216 pages)
 * takes 2 MiB once its words exist.
 */
export class DirtyBitmap implements ReadonlyBitmap {
  readonly pages: number;
  readonly wordCount: number;
  /** The placed bits; null while every placed bit is clear (`placed` 0) or every one set (`placed` = pages). */
  private words: Uint32Array | null = null;
  /** Bits set in the placed bits. */
  private placed = 0;
  /** Marked pages not yet placed, region by region (regions disjoint), and their total. */
  private pending: PendingPages[] = [];
  private pendingTotal = 0;

  constructor(pages: number) {
    checkPages(pages);
    this.pages = pages;
    this.wordCount = Math.ceil(pages / 32);
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

  /**
   * The words with every marked page in them: allocated (all clear or all set) if they do not
   * exist yet, and the pending pages placed, drawing from the stream each batch came with.
   */
  private bits(): Uint32Array {
    let words = this.words;
    if (words === null) {
      words = new Uint32Array(this.wordCount);
      if (this.placed !== 0) fillAll(words, this.pages);
      this.words = words;
    }
    if (this.pending.length > 0) {
      for (const p of this.pending) {
        const clean = p.end - p.start - countBits(words, p.start, p.end);
        setUniformSubset(words, p.start, p.end, p.count, clean, p.rng);
        this.placed += p.count;
      }
      this.pending = [];
      this.pendingTotal = 0;
    }
    return words;
  }

  /** Marked pages among the placed bits in [start, end), without placing anything. */
  private placedIn(start: number, end: number): number {
    if (this.words === null) return this.placed === 0 ? 0 : end - start;
    return countBits(this.words, start, end);
  }

  /** Every page marked: nothing to store but the count. */
  private becomeFull(): void {
    this.words = null;
    this.placed = this.pages;
    this.pending = [];
    this.pendingTotal = 0;
  }

  /** Marks a page; true if it was not marked before. */
  set(page: number): boolean {
    this.check(page);
    const words = this.bits();
    const w = page >>> 5;
    const bit = 1 << (page & 31);
    const old = words[w];
    if ((old & bit) !== 0) return false;
    words[w] = old | bit;
    this.placed++;
    return true;
  }

  test(page: number): boolean {
    this.check(page);
    if (this.words === null && this.pending.length === 0) return this.placed !== 0;
    return (this.bits()[page >>> 5] & (1 << (page & 31))) !== 0;
  }

  /**
   * Marks `count` more pages of [start, start + pages), chosen uniformly among the region's pages
   * not marked yet (every such set of `count` pages equally likely): where a batch of writes that
   * dirtied `count` clean pages of a uniformly written region put them. Nothing is drawn now: the
   * pages are placed from `rng` when positions are first read. Two batches on the same region
   * before that are one batch of their sum, the same law (a uniform subset of a uniform subset's
   * complement, joined to it, is a uniform subset). A region overlapping another's pending pages
   * without being the same region places those first.
   */
  addUniform(start: number, pages: number, count: number, rng: UniformSource): void {
    const end = start + pages;
    this.checkRange(start, end);
    const clean = pages - this.countRange(start, end);
    if (!Number.isInteger(count) || count < 0 || count > clean) {
      throw new RangeError(`cannot mark ${count} more pages of [${start}, ${end}): ${clean} are clear`);
    }
    if (count === 0) return;
    if (count === clean && pages === this.pages) {
      this.becomeFull();
      return;
    }
    const same = this.pending.find((p) => p.start === start && p.end === end);
    if (same) {
      same.count += count;
    } else {
      if (this.pending.some((p) => p.start < end && start < p.end)) this.bits();
      this.pending.push({ start, end, count, rng });
    }
    this.pendingTotal += count;
  }

  /** Unmarks a page; true if it was marked. */
  clear(page: number): boolean {
    this.check(page);
    const words = this.bits();
    const w = page >>> 5;
    const bit = 1 << (page & 31);
    const old = words[w];
    if ((old & bit) === 0) return false;
    words[w] = old & ~bit;
    this.placed--;
    return true;
  }

  /** Marks pages [start, end), a word at a time (all of them: only the count changes). */
  setRange(start: number, end: number): void {
    this.checkRange(start, end);
    if (start === end || this.count() === this.pages) return;
    if (start === 0 && end === this.pages) {
      this.becomeFull();
      return;
    }
    // Nothing to count in the whole words between the ends when the bitmap is empty (pass 1).
    const empty = this.count() === 0;
    this.placed += setBits(this.bits(), start, end, empty);
  }

  /** Number of marked pages, O(1). */
  count(): number {
    return this.placed + this.pendingTotal;
  }

  /** Number of marked pages recomputed from the words (SWAR popcount); always equals {@link count}. */
  recount(): number {
    const words = this.bits();
    let n = 0;
    for (let w = 0; w < words.length; w++) {
      const x = words[w];
      if (x !== 0) n += popcount32(x);
    }
    return n;
  }

  /**
   * Number of marked pages in [start, end): from the counts alone when the range holds each
   * pending region whole or not at all (a workload's working set and the rest), else after
   * placing them.
   */
  countRange(start: number, end: number): number {
    this.checkRange(start, end);
    if (start === end) return 0;
    let n = this.placedIn(start, end);
    for (const p of this.pending) {
      if (p.end <= start || p.start >= end) continue;
      if (p.start >= start && p.end <= end) {
        n += p.count;
        continue;
      }
      return countBits(this.bits(), start, end);
    }
    return n;
  }

  /** Unmarks every page (words it already has are kept, zeroed, for the next pass: nothing to do when none is marked). */
  clearAll(): void {
    if (this.words !== null && this.placed !== 0) this.words.fill(0);
    this.placed = 0;
    this.pending = [];
    this.pendingTotal = 0;
  }

  /** Calls `fn` with each marked page in increasing order, skipping empty words. */
  forEachSet(fn: (page: number) => void): void {
    const words = this.bits();
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
    const words = this.bits();
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
    if (this.words === null && this.pending.length === 0) {
      return this.placed === 0 || index >= this.wordCount ? 0 : fullWord(index, this.pages);
    }
    return this.bits()[index];
  }

  /** Exchanges contents with a bitmap of the same size, O(1): the arrays trade places. */
  swap(other: DirtyBitmap): void {
    this.checkSameSize(other);
    const words = this.words;
    this.words = other.words;
    other.words = words;
    const placed = this.placed;
    this.placed = other.placed;
    other.placed = placed;
    const pending = this.pending;
    this.pending = other.pending;
    other.pending = pending;
    const total = this.pendingTotal;
    this.pendingTotal = other.pendingTotal;
    other.pendingTotal = total;
  }

  /**
   * End of a pre-copy pass: `into` receives this bitmap's pages (what the next pass copies; its
   * previous contents are dropped) and this one starts empty to collect the next pass's writes.
   * Double-buffered: the two bitmaps swap contents, pending pages included, and nothing is drawn.
   */
  takeAndClear(into: DirtyBitmap): void {
    this.swap(into);
    this.clearAll();
  }

  /** Makes this bitmap equal to `other` (whose pending pages are placed first: both must hold the same ones). */
  copyFrom(other: DirtyBitmap): void {
    this.checkSameSize(other);
    if (other.pending.length > 0) other.bits();
    this.pending = [];
    this.pendingTotal = 0;
    this.placed = other.placed;
    if (other.words === null) {
      this.words = null;
    } else {
      this.words ??= new Uint32Array(this.wordCount);
      this.words.set(other.words);
    }
  }

  /** Marks every page marked in `other` (set union, in place). */
  or(other: DirtyBitmap): void {
    this.checkSameSize(other);
    // Nothing to add, or nothing left to add (after pass 1 every page has been copied).
    if (other.count() === 0 || this.count() === this.pages) return;
    if (other.count() === this.pages) {
      this.becomeFull();
      return;
    }
    if (this.count() === 0) {
      // The union is `other` itself: a copy.
      this.copyFrom(other);
      return;
    }
    const a = this.bits();
    const b = other.bits();
    let added = 0;
    for (let w = 0; w < a.length; w++) {
      const x = b[w];
      if (x === 0) continue;
      const old = a[w];
      added += popcount32(x & ~old);
      a[w] = old | x;
    }
    this.placed += added;
  }

  /** Number of pages marked here but not in `other`. */
  countAndNot(other: DirtyBitmap): number {
    this.checkSameSize(other);
    const a = this.bits();
    const b = other.bits();
    let n = 0;
    for (let w = 0; w < a.length; w++) {
      const x = a[w] & ~b[w];
      if (x !== 0) n += popcount32(x);
    }
    return n;
  }

  /**
   * Downsampled picture (never send the raw bitmap): memory cut into `buckets` contiguous slices
   * of (nearly) equal size, bucket b covering pages [floor(b·pages/buckets),
   * floor((b+1)·pages/buckets)); each entry is the fraction of that slice's pages that are marked,
   * 0 for an empty slice (more buckets than pages). O(words + buckets). Places pending pages
   * when a bucket cuts a pending region; views use {@link expectedDensity}, which never does.
   */
  density(buckets: number = DENSITY_BUCKETS): number[] {
    checkBuckets(buckets);
    const out = new Array<number>(buckets);
    for (let b = 0; b < buckets; b++) {
      const start = bucketStart(b, buckets, this.pages);
      const end = bucketStart(b + 1, buckets, this.pages);
      out[b] = end > start ? this.countRange(start, end) / (end - start) : 0;
    }
    return out;
  }

  /**
   * The same picture as {@link density}, with the pending pages counted as their expectation
   * instead of placed: each clear page of a region holding `count` pending pages among `clean`
   * clear ones is marked with probability count/clean. Exact where nothing is pending, exact in
   * the mean otherwise; it places nothing and draws nothing, so a view may call it at any time
   * without changing the run. O(words + buckets × pending regions).
   */
  expectedDensity(buckets: number = DENSITY_BUCKETS): number[] {
    checkBuckets(buckets);
    const regions = this.pending.map((p) => ({ p, share: p.count / (p.end - p.start - this.placedIn(p.start, p.end)) }));
    const out = new Array<number>(buckets);
    for (let b = 0; b < buckets; b++) {
      const start = bucketStart(b, buckets, this.pages);
      const end = bucketStart(b + 1, buckets, this.pages);
      if (end <= start) {
        out[b] = 0;
        continue;
      }
      let marked = this.placedIn(start, end);
      for (const { p, share } of regions) {
        const from = Math.max(start, p.start);
        const to = Math.min(end, p.end);
        if (to > from) marked += (to - from - this.placedIn(from, to)) * share;
      }
      out[b] = marked / (end - start);
    }
    return out;
  }
}

function checkBuckets(buckets: number): void {
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`bucket count must be a positive integer: ${buckets}`);
}

/** First page of density bucket `b` (b = buckets gives `pages`). Exact in doubles: pages·buckets < 2^53. */
export function bucketStart(b: number, buckets: number, pages: number): number {
  return Math.floor((b * pages) / buckets);
}
