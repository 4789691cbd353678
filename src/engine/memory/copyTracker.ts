import { DirtyBitmap, type ReadonlyBitmap } from './dirtyBitmap';
import { lowestBit, popcount32 } from './popcount';

/**
 * The page bookkeeping of one pre-copy live migration, which makes "a planned live migration
 * loses no page" checkable in O(words), without per-page versions. It owns three bitmaps:
 *
 * - `dirty`: pages written since they were last copied; the VM's writes are applied here
 *   (`writes.applyWrites(tracker.dirty, dt, rng)`), and only the tracker ever clears it;
 * - `toCopy`: the pages the current pass (or the final copy) sends;
 * - `everCopied`: pages sent to the target at least once.
 *
 * The pre-copy invariant: the target holds the current content of every page except those never
 * copied, those dirty, and those of a pass not yet finished (`toCopy`). It holds by construction:
 * `dirty` starts collecting with pass 1 (which sends everything), and at the end of each pass the
 * pages dirtied meanwhile become the next pass, `dirty` starting afresh — so a page written after
 * (or while) a pass sent it is in `dirty` until a later pass sends it again. Resuming on the
 * target then loses
 *     lost = (never copied) ∪ (dirty) ∪ (toCopy, not yet sent)
 * which a completed migration must leave empty. What the bookkeeping cannot see is a write never
 * applied to `dirty`: the caller must bring `dirty` up to date at the moment the VM is suspended.
 *
 * Use (each method O(words) at most; the bitmaps hold their counts alone, no words, until pages
 * are read one by one, which a live migration never does: it needs only how many each pass sends):
 *   startFirstPass()               → pages of pass 1 (all memory)
 *   ... applyWrites(dirty, dt, rng) whenever time advances ...
 *   endPass()                      → pages dirtied during it: the next pass
 *   ... repeat; to stop, suspend the VM, bring dirty up to the suspend moment, then
 *   endPass()                      → the final pages, sent with the VM suspended
 *   finishFinalCopy()              → now lostPages() === 0
 */
export class CopyTracker {
  readonly dirty: DirtyBitmap;
  private readonly copying: DirtyBitmap;
  private readonly copied: DirtyBitmap;
  private started = false;

  constructor(readonly pages: number) {
    this.dirty = new DirtyBitmap(pages);
    this.copying = new DirtyBitmap(pages);
    this.copied = new DirtyBitmap(pages);
  }

  /** Pages the current pass (or the final copy) sends; empty once the final copy is done. */
  get toCopy(): ReadonlyBitmap {
    return this.copying;
  }

  /** Pages sent to the target at least once. */
  get everCopied(): ReadonlyBitmap {
    return this.copied;
  }

  /** Pass 1: all memory is to be copied and writes are tracked from now on. Returns its pages. */
  startFirstPass(): number {
    this.reset();
    this.copying.setRange(0, this.pages);
    this.started = true;
    return this.pages;
  }

  /**
   * The current pass has sent its pages: they are recorded as copied, and the pages dirtied
   * meanwhile become the next set to send (`dirty` starts empty again; the two bitmaps trade
   * arrays). Returns the size of that set: the next pass's pages, or the final pages.
   */
  endPass(): number {
    if (!this.started) throw new Error('endPass before startFirstPass');
    this.copied.or(this.copying);
    this.dirty.takeAndClear(this.copying);
    return this.copying.count();
  }

  /** The final pages, sent with the VM suspended, have arrived; `toCopy` is empty afterwards. */
  finishFinalCopy(): void {
    this.copied.or(this.copying);
    this.copying.clearAll();
  }

  /** Pages whose copy on the target is missing or stale if the VM resumed there now. */
  lostPages(): number {
    const copied = this.copied;
    const dirty = this.dirty;
    const copying = this.copying;
    // Nothing dirty and nothing left to send (every resume): the lost pages are those never
    // copied, and the bitmaps' exact counts say how many without a pass over the words.
    if (dirty.count() === 0 && copying.count() === 0) return this.pages - copied.count();
    let n = 0;
    for (let w = 0; w < copied.wordCount; w++) {
      const lost = ~copied.wordAt(w) | dirty.wordAt(w) | copying.wordAt(w);
      if (lost !== 0) n += popcountMasked(lost, w, this.pages);
    }
    return n;
  }

  /** True when resuming on the target now would lose no page. */
  isComplete(): boolean {
    return this.firstLostPage() === -1;
  }

  /** The lowest lost page, or -1 when none is lost: for a readable invariant failure. */
  firstLostPage(): number {
    for (let w = 0; w < this.copied.wordCount; w++) {
      const lost = ~this.copied.wordAt(w) | this.dirty.wordAt(w) | this.copying.wordAt(w);
      if (lost === 0) continue;
      const page = (w << 5) + lowestBit(lost);
      return page < this.pages ? page : -1; // bits past the last page are not pages
    }
    return -1;
  }

  /** Forgets everything (a cancelled migration, or a new one of the same VM). */
  reset(): void {
    this.dirty.clearAll();
    this.copying.clearAll();
    this.copied.clearAll();
    this.started = false;
  }
}

/** Set bits of word `w`, ignoring bits past the last page. */
function popcountMasked(word: number, w: number, pages: number): number {
  const valid = pages - (w << 5);
  return popcount32(valid >= 32 ? word : word & ((1 << valid) - 1));
}
