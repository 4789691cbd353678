import { strict as assert } from 'node:assert';
import { Random } from '../../../src/engine/kernel';
import { BY_WRITES_BELOW, DirtyBitmap, dirtyRegion, samplerFor, type SamplerKind } from '../../../src/engine/memory';
import { CountingRandom, assertNear, mean, variance } from './helpers';

const KINDS: SamplerKind[] = ['byWrites', 'byCleanPages'];

describe('dirtyRegion', () => {
  it('places writes below ln 2 expected writes per page and skips to clean pages from there', () => {
    assert.equal(BY_WRITES_BELOW, Math.LN2);
    assert.equal(samplerFor(0), 'byWrites');
    assert.equal(samplerFor(0.69), 'byWrites');
    assert.equal(samplerFor(Math.LN2), 'byCleanPages');
    assert.equal(samplerFor(1e6), 'byCleanPages');
  });

  // Each page of the region must be dirty independently with probability q = 1 − e^(−x), with both
  // samplers at any x (off-by-one errors at the ends of a region or of a run show up here), and
  // nothing outside the region may be touched. The region is deliberately not word-aligned.
  for (const kind of KINDS) {
    for (const x of [0.05, 0.3, 0.69, 1, 3]) {
      it(`${kind}: every page of an unaligned region is dirty with probability 1 − e^(−x), independently (x = ${x})`, () => {
        const start = 37;
        const pages = 70;
        const runs = 3000;
        const q = -Math.expm1(-x);
        const hits = new Array<number>(pages).fill(0);
        const counts: number[] = [];
        const rng = new Random(Math.round(x * 1000), kind);
        const b = new DirtyBitmap(128);
        for (let r = 0; r < runs; r++) {
          b.clearAll();
          dirtyRegion(b, start, pages, x, rng, kind);
          assert.equal(b.countRange(0, start) + b.countRange(start + pages, 128), 0, 'outside the region');
          for (let i = 0; i < pages; i++) if (b.test(start + i)) hits[i]++;
          counts.push(b.count());
        }
        const sd = Math.sqrt((q * (1 - q)) / runs);
        hits.forEach((h, i) => assertNear(h / runs, q, 5 * sd, `page ${i}`));
        // Independent pages: the count's variance is binomial, P·q·(1 − q).
        const expectedVar = pages * q * (1 - q);
        assertNear(variance(counts), expectedVar, 0.15 * expectedVar, 'variance of the count');
        assertNear(mean(counts), pages * q, 5 * Math.sqrt(expectedVar / runs), 'mean count');
      });
    }
  }

  it('ORs into pages already dirty and leaves them dirty', () => {
    const b = new DirtyBitmap(1000);
    b.setRange(100, 200);
    dirtyRegion(b, 0, 1000, 0.01, new Random(1));
    assert.equal(b.countRange(100, 200), 100);
    dirtyRegion(b, 0, 1000, 2, new Random(2));
    assert.equal(b.countRange(100, 200), 100);
  });

  it('draws nothing for no writes or an empty region, and sets a saturated region whole without a draw', () => {
    const b = new DirtyBitmap(1 << 16);
    const rng = new CountingRandom(1, 'empty');
    dirtyRegion(b, 0, 1 << 16, 0, rng);
    dirtyRegion(b, 5, 0, 10, rng);
    assert.equal(rng.draws, 0);
    assert.equal(b.count(), 0);
    dirtyRegion(b, 3, (1 << 16) - 3, 50, rng); // q = 1 − e^−50 is 1 in doubles
    assert.equal(rng.draws, 0);
    assert.equal(b.count(), (1 << 16) - 3);
  });

  it('rejects regions outside the bitmap and invalid write counts', () => {
    const b = new DirtyBitmap(100);
    const rng = new Random(1);
    assert.throws(() => dirtyRegion(b, 50, 51, 1, rng), RangeError);
    assert.throws(() => dirtyRegion(b, -1, 10, 1, rng), RangeError);
    assert.throws(() => dirtyRegion(b, 0, 10, -1, rng), RangeError);
    assert.throws(() => dirtyRegion(b, 0, 10, NaN, rng), RangeError);
    assert.throws(() => dirtyRegion(b, 0, 10, Infinity, rng), RangeError);
  });

  it('costs at most about min(writes, pages) draws, and a bounded number for a huge write count', () => {
    const pages = 2 ** 21;
    const b = new DirtyBitmap(pages);
    for (const writes of [1e3, 1e5, 0.69 * pages, Math.LN2 * pages, pages, 4 * pages, 1e9]) {
      b.clearAll();
      const rng = new CountingRandom(7, 'cost');
      dirtyRegion(b, 0, pages, writes / pages, rng);
      const x = writes / pages;
      // By writes: Poisson(writes) placements plus the Poisson draw itself (<= 30 draws below a
      // mean of 30, 2 above). By clean pages: one draw per clean page, e^−x·pages, plus one.
      const bound = x < Math.LN2 ? writes + 6 * Math.sqrt(writes) + 30 : Math.exp(-x) * pages + 6 * Math.sqrt(pages) + 1;
      assert.ok(rng.draws <= bound, `${writes} writes: ${rng.draws} draws > ${bound}`);
      assert.ok(rng.draws <= 1.01 * Math.min(writes, pages) + 30, `${writes} writes: ${rng.draws} draws`);
    }
  });
});
