import { strict as assert } from 'node:assert';
import { Random } from '../../../src/engine/kernel';
import { CopyTracker, DirtyBitmap } from '../../../src/engine/memory';
import { dirtyRegion } from '../../../src/engine/memory/regionSampler';
import { wordsOf } from './helpers';

/**
 * The bitmap's shortcuts (a range filled in an empty bitmap, a union that is a copy or nothing,
 * the lost pages counted from the maintained counts, uniform writes applied in one loop) give
 * the same bits and counts as the general paths, and the sampler draws the same pages.
 */
describe('dirty bitmap fast paths', () => {
  const SIZES = [1, 31, 32, 33, 95, 1000, 4096 + 17];

  function random(pages: number, rng: Random, n: number): DirtyBitmap {
    const b = new DirtyBitmap(pages);
    for (let i = 0; i < n; i++) b.set(rng.int(pages));
    return b;
  }

  function full(pages: number): DirtyBitmap {
    const b = new DirtyBitmap(pages);
    for (let p = 0; p < pages; p++) b.set(p);
    return b;
  }

  /** `or` page by page: the reference for the union's fast paths. */
  function slowOr(into: DirtyBitmap, other: DirtyBitmap): void {
    for (const p of [...other]) into.set(p);
  }

  for (const pages of SIZES) {
    it(`unions like page by page, whichever side is empty, full or partial (${pages} pages)`, () => {
      const rng = new Random(pages);
      const kinds = [
        () => new DirtyBitmap(pages),
        () => full(pages),
        () => random(pages, rng, Math.ceil(pages / 3)),
        () => random(pages, rng, 3 * pages),
      ];
      for (const a of kinds) {
        for (const b of kinds) {
          const x = a();
          const y = b();
          const expected = new DirtyBitmap(pages);
          expected.copyFrom(x);
          slowOr(expected, y);
          x.or(y);
          assert.deepEqual(wordsOf(x), wordsOf(expected));
          assert.equal(x.count(), expected.count());
          assert.equal(x.recount(), x.count());
        }
      }
    });

    it(`fills ranges in empty and non-empty bitmaps with exact counts (${pages} pages)`, () => {
      const rng = new Random(pages + 1);
      for (let k = 0; k < 40; k++) {
        const start = rng.int(pages + 1);
        const end = start + rng.int(pages - start + 1);
        for (const base of [new DirtyBitmap(pages), random(pages, rng, Math.ceil(pages / 4))]) {
          const expected = new DirtyBitmap(pages);
          expected.copyFrom(base);
          for (let p = start; p < end; p++) expected.set(p);
          base.setRange(start, end);
          assert.deepEqual(wordsOf(base), wordsOf(expected));
          assert.equal(base.count(), expected.count());
          assert.equal(base.recount(), base.count());
        }
      }
    });
  }

  it('places uniform writes on the same pages, in the same draws, as one set() per write', () => {
    for (const [pages, start, size, writes] of [
      [1000, 0, 1000, 300],
      [1000, 200, 500, 5000],
      [70_000, 65_536, 4000, 20_000],
    ]) {
      const a = new DirtyBitmap(pages);
      const b = new DirtyBitmap(pages);
      const ra = new Random(9, 'w');
      const rb = new Random(9, 'w');
      a.setUniform(start, size, writes, ra);
      for (let i = 0; i < writes; i++) b.set(start + rb.int(size));
      assert.deepEqual(wordsOf(a), wordsOf(b));
      assert.equal(a.count(), b.count());
      assert.equal(ra.float(), rb.float(), 'the streams are at the same place');
    }
    assert.throws(() => new DirtyBitmap(10).setUniform(5, 6, 1, new Random(1)), RangeError);
  });

  it('samples regions by writes exactly as before (the hot loop is the bitmap’s now)', () => {
    const pages = 50_000;
    const a = new DirtyBitmap(pages);
    const b = new DirtyBitmap(pages);
    const ra = new Random(4, 'sampler');
    const rb = new Random(4, 'sampler');
    dirtyRegion(a, 1000, 20_000, 0.3, ra, 'byWrites');
    // The sampler's definition: W ~ Poisson(x·P), then W uniform pages of the region.
    const writes = rb.poisson(0.3 * 20_000);
    for (let i = 0; i < writes; i++) b.set(1000 + rb.int(20_000));
    assert.deepEqual(wordsOf(a), wordsOf(b));
  });

  it('counts lost pages from the counts when nothing is dirty or left to send, as the word by word count does', () => {
    const rng = new Random(5);
    const pages = 3000;
    const t = new CopyTracker(pages);
    t.startFirstPass();
    for (let i = 0; i < 500; i++) t.dirty.set(rng.int(pages));
    const dirtied = t.dirty.count();
    const toSend = t.endPass();
    assert.equal(toSend, dirtied);
    // Pages still to send: counted word by word.
    assert.equal(t.lostPages(), dirtied);
    t.finishFinalCopy();
    // Nothing dirty, nothing to send, everything copied: the shortcut.
    assert.equal(t.lostPages(), 0);
    assert.equal(t.firstLostPage(), -1);
    // Written after the final copy: counted word by word again.
    t.dirty.set(7);
    t.dirty.set(pages - 1);
    assert.equal(t.lostPages(), 2);
    assert.equal(t.firstLostPage(), 7);
    const fresh = new CopyTracker(pages);
    assert.equal(fresh.lostPages(), pages, 'nothing copied yet: every page');
  });
});
