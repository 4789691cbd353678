import { strict as assert } from 'node:assert';
import { Random } from '../../../src/engine/kernel';
import { CopyTracker, DirtyBitmap } from '../../../src/engine/memory';
import { dirtyRegion } from '../../../src/engine/memory/regionSampler';
import { CountingRandom, wordsOf } from './helpers';

/**
 * The bitmap's shortcuts (a range filled in an empty bitmap, a union that is a copy or nothing,
 * the lost pages counted from the maintained counts, a bitmap all clear or all set kept as its
 * count, pending pages placed only when read) give the same bits and counts as the general paths.
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

  /** Whether a bitmap holds words yet (they are allocated when positions are first read). */
  const hasWords = (b: DirtyBitmap) => (b as unknown as { words: Uint32Array | null }).words !== null;

  it('keeps a bitmap all clear or all set as its count alone, reading like one built page by page', () => {
    for (const pages of SIZES) {
      const lazy = new DirtyBitmap(pages);
      lazy.setRange(0, pages);
      assert.equal(hasWords(lazy), false);
      assert.equal(lazy.count(), pages);
      const eager = full(pages);
      assert.deepEqual(Array.from({ length: lazy.wordCount }, (_, w) => lazy.wordAt(w)), wordsOf(eager), 'words read without allocating');
      assert.equal(hasWords(lazy), false);
      assert.equal(lazy.test(pages - 1), true);
      assert.equal(lazy.countRange(1, pages), pages - 1);
      const union = new DirtyBitmap(pages);
      union.or(lazy);
      assert.equal(hasWords(union), false, 'the union with all pages is all pages');
      assert.equal(union.count(), pages);
      lazy.clearAll();
      assert.equal(lazy.wordAt(0), 0);
      assert.equal(lazy.test(0), false);
      assert.equal(hasWords(lazy), false);
      // Written to: the words appear, all set, and behave as before.
      const written = new DirtyBitmap(pages);
      written.setRange(0, pages);
      assert.equal(written.clear(0), true);
      assert.equal(written.count(), pages - 1);
      assert.equal(written.recount(), pages - 1);
      assert.equal(written.test(0), false);
    }
  });

  it('places pending pages among the clean pages of their region only, the same pages whichever read places them', () => {
    const pages = 5000;
    const build = () => {
      const b = new DirtyBitmap(pages);
      b.setRange(1000, 1300);
      b.set(1500);
      b.addUniform(900, 1200, 400, new Random(21, 'place'));
      b.addUniform(2500, 2000, 30, new Random(22, 'place'));
      return b;
    };
    const reads: [string, (b: DirtyBitmap) => unknown][] = [
      ['test', (b) => b.test(0)],
      ['wordAt', (b) => b.wordAt(3)],
      ['forEachSet', (b) => b.forEachSet(() => undefined)],
      ['countRange cutting a region', (b) => b.countRange(950, 960)],
      ['density', (b) => b.density(7)],
      ['or into a partial set', (b) => { const c = new DirtyBitmap(pages); c.set(1); c.or(b); }],
      ['copyFrom', (b) => new DirtyBitmap(pages).copyFrom(b)],
    ];
    let reference: number[] | null = null;
    for (const [what, read] of reads) {
      const b = build();
      assert.equal(b.count(), 301 + 430, `${what}: counted before placing`);
      read(b);
      const words = wordsOf(b);
      reference ??= words;
      assert.deepEqual(words, reference, `${what}: the same pages`);
      assert.equal(b.recount(), 301 + 430);
      assert.equal(b.countRange(1000, 1300), 300, 'marked pages stay marked');
      assert.equal(b.countRange(0, 900) + b.countRange(2100, 2500) + b.countRange(4500, pages), 0, `${what}: nothing outside the regions`);
      assert.equal(b.countRange(900, 2100), 301 + 400);
      assert.equal(b.countRange(2500, 4500), 30);
    }
  });

  it('counts whole regions, swaps, hands over and clears pending pages without drawing', () => {
    const pages = 100_000;
    const rng = new CountingRandom(3, 'lazy');
    const a = new DirtyBitmap(pages);
    const b = new DirtyBitmap(pages);
    a.addUniform(0, 20_000, 5000, rng);
    a.addUniform(20_000, 80_000, 700, rng);
    a.addUniform(0, 20_000, 1000, rng); // the same region again: one batch of 6000
    assert.equal(a.count(), 6700);
    assert.equal(a.countRange(0, 20_000), 6000);
    assert.equal(a.countRange(20_000, pages), 700);
    assert.equal(a.countRange(0, pages), 6700);
    a.takeAndClear(b);
    assert.equal(a.count(), 0);
    assert.equal(b.count(), 6700);
    b.swap(a);
    assert.equal(a.count(), 6700);
    a.clearAll();
    assert.equal(a.count(), 0);
    assert.equal(rng.draws, 0, 'nothing placed');
    assert.equal(hasWords(a) || hasWords(b), false);
    // A region overlapping another's pending pages places those first, then counts exactly.
    const c = new DirtyBitmap(1000);
    c.addUniform(0, 100, 60, rng);
    c.addUniform(0, 400, 200, rng);
    assert.equal(c.count(), 260);
    assert.equal(c.countRange(0, 100) >= 60, true);
    assert.equal(c.recount(), 260);
    assert.throws(() => c.addUniform(0, 400, 141, rng), RangeError, 'only 140 pages of [0, 400) are clear');
    assert.throws(() => c.addUniform(0, 400, 1.5, rng), RangeError);
    assert.throws(() => c.addUniform(900, 101, 1, rng), RangeError);
  });

  it('runs a live migration’s bookkeeping (passes, final copy, resume check) without a bitmap word or a placement', () => {
    const pages = 2 ** 20;
    const rng = new CountingRandom(8, 'migration');
    const t = new CopyTracker(pages);
    assert.equal(t.startFirstPass(), pages);
    let sent = pages;
    for (let pass = 0; pass < 4; pass++) {
      dirtyRegion(t.dirty, 0, 65_536, 0.3, rng);
      dirtyRegion(t.dirty, 65_536, pages - 65_536, 0.001, rng);
      const dirtied = t.dirty.count();
      sent = t.endPass();
      assert.equal(sent, dirtied);
    }
    t.finishFinalCopy();
    assert.equal(t.lostPages(), 0);
    assert.equal(t.isComplete(), true);
    const draws = rng.draws;
    assert.ok(draws <= 8 * 12, `${draws} draws: only the counts`);
    for (const b of [t.dirty, t.toCopy, t.everCopied]) assert.equal(hasWords(b as DirtyBitmap), false);
    assert.ok(sent > 0);
  });

  it('gives the expected density of pending pages without placing them, and the exact one when nothing is pending', () => {
    const b = new DirtyBitmap(1000);
    b.setRange(0, 100);
    const rng = new CountingRandom(5, 'view');
    // [0, 500) has 400 clean pages, 200 of them pending: each clean page is marked with chance 1/2.
    b.addUniform(0, 500, 200, rng);
    // Buckets of 250: [0, 250) holds 100 marked + 150 clean × 1/2; [250, 500) 250 × 1/2; the rest nothing.
    assert.deepEqual(b.expectedDensity(4), [(100 + 75) / 250, 0.5, 0, 0]);
    assert.equal(rng.draws, 0);
    assert.equal(b.count(), 300);
    b.test(0);
    assert.deepEqual(b.expectedDensity(4), b.density(4), 'placed: the expectation is the picture');
    assert.deepEqual(b.expectedDensity(3).length, 3);
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
