import { strict as assert } from 'node:assert';
import { Random } from '../../../src/engine/kernel';
import { DirtyBitmap, cleanPagesHit, dirtyRegion } from '../../../src/engine/memory';
import { CountingRandom, assertNear, binomialPmf, chiSquare, mean, variance } from './helpers';

/**
 * The region sampler draws how many clean pages a batch of Poisson writes hits (exactly
 * Binomial(clean, 1 − e^(−x))) and leaves where they are to the bitmap. Statistical tests use
 * fixed seeds and Pearson's chi-square at significance 0.001 against exact laws computed
 * independently of the sampler.
 */
describe('dirtyRegion', () => {
  // Each page of the region must be dirty independently with probability q = 1 − e^(−x), at any x
  // (off-by-one errors at the ends of a region show up here), and nothing outside the region may
  // be touched. The region is deliberately not word-aligned; reading the pages places them.
  for (const x of [0.05, 0.3, 0.69, 1, 3]) {
    it(`every page of an unaligned region is dirty with probability 1 − e^(−x), independently (x = ${x})`, () => {
      const start = 37;
      const pages = 70;
      const runs = 3000;
      const q = -Math.expm1(-x);
      const hits = new Array<number>(pages).fill(0);
      const counts: number[] = [];
      const rng = new Random(Math.round(x * 1000), 'region');
      const b = new DirtyBitmap(128);
      for (let r = 0; r < runs; r++) {
        b.clearAll();
        dirtyRegion(b, start, pages, x, rng);
        counts.push(b.count());
        for (let i = 0; i < pages; i++) if (b.test(start + i)) hits[i]++;
        assert.equal(b.countRange(0, start) + b.countRange(start + pages, 128), 0, 'outside the region');
        assert.equal(b.recount(), counts[r], 'placed pages = counted pages');
      }
      const sd = Math.sqrt((q * (1 - q)) / runs);
      hits.forEach((h, i) => assertNear(h / runs, q, 5 * sd, `page ${i}`));
      // Independent pages: the count's variance is binomial, P·q·(1 − q).
      const expectedVar = pages * q * (1 - q);
      assertNear(variance(counts), expectedVar, 0.15 * expectedVar, 'variance of the count');
      assertNear(mean(counts), pages * q, 5 * Math.sqrt(expectedVar / runs), 'mean count');
    });
  }

  // The law the sampler claims, checked against the writes themselves: W ~ Poisson(x·P) writes
  // (Knuth's exact method, means below 30), each on a uniform page, and the distinct pages they
  // hit counted. Both that brute force and the sampler must follow Binomial(P, 1 − e^(−x)) — the
  // occupancy distribution of a Poisson number of writes — whose mean is P·q and variance P·q·(1 − q).
  for (const [pages, x] of [[40, 0.5], [25, 1.1], [200, 0.12]] as const) {
    it(`counts the distinct pages a batch of writes hits as drawing every write does: the occupancy law (P = ${pages}, x = ${x})`, () => {
      const runs = 20_000;
      const q = -Math.expm1(-x);
      const brute = new Random(pages, 'writes');
      const byWrites: number[] = [];
      for (let r = 0; r < runs; r++) {
        const seen = new Set<number>();
        const w = brute.poisson(x * pages);
        for (let i = 0; i < w; i++) seen.add(brute.int(pages));
        byWrites.push(seen.size);
      }
      const rng = new Random(pages, 'sampler');
      const sampled = Array.from({ length: runs }, () => cleanPagesHit(pages, x, rng));
      const pmf = binomialPmf(pages, q, 0, pages);
      for (const [name, xs] of [['writes drawn one by one', byWrites], ['sampler', sampled]] as const) {
        const { stat, df, critical } = chiSquare(xs, pmf, 0, pages);
        assert.ok(stat < critical, `${name}: chi-square ${stat.toFixed(1)} on ${df} df, critical ${critical.toFixed(1)}`);
        assertNear(mean(xs), pages * q, 5 * Math.sqrt((pages * q * (1 - q)) / runs), `${name}: mean`);
        assertNear(variance(xs), pages * q * (1 - q), 0.06 * pages * q * (1 - q), `${name}: variance`);
      }
    });
  }

  it('counts only the pages still clean: C − already dirty, Binomial(C, q) more', () => {
    const pages = 1000;
    const x = 0.4;
    const q = -Math.expm1(-x);
    const runs = 4000;
    const rng = new Random(11, 'partly dirty');
    const added: number[] = [];
    for (let r = 0; r < runs; r++) {
      const b = new DirtyBitmap(pages);
      b.setRange(100, 400); // 300 dirty, 700 clean
      dirtyRegion(b, 0, pages, x, rng);
      added.push(b.count() - 300);
      if (r < 50) assert.equal(b.countRange(100, 400), 300, 'dirty pages stay dirty');
    }
    const { stat, df, critical } = chiSquare(added, binomialPmf(700, q, 0, 700), 0, 700);
    assert.ok(stat < critical, `chi-square ${stat.toFixed(1)} on ${df} df, critical ${critical.toFixed(1)}`);
  });

  // Splitting an interval changes nothing: x1 then x2 on the same region is x1 + x2 at once, in
  // the count's law (Binomial(P, 1 − e^(−(x1 + x2)))) and in where the pages are.
  it('gives one batch’s law to a batch split in two, in the count and in the positions', () => {
    const pages = 300;
    const start = 5;
    const [x1, x2] = [0.25, 0.4];
    const q = -Math.expm1(-(x1 + x2));
    const runs = 6000;
    const rng = new Random(12, 'split');
    const counts: number[] = [];
    const hits = new Array<number>(pages).fill(0);
    for (let r = 0; r < runs; r++) {
      const b = new DirtyBitmap(start + pages + 7);
      dirtyRegion(b, start, pages, x1, rng);
      if (r % 2 === 0) b.test(start); // half the runs place the first batch before the second
      dirtyRegion(b, start, pages, x2, rng);
      counts.push(b.count());
      b.forEachSet((p) => hits[p - start]++);
    }
    const { stat, df, critical } = chiSquare(counts, binomialPmf(pages, q, 0, pages), 0, pages);
    assert.ok(stat < critical, `count: chi-square ${stat.toFixed(1)} on ${df} df, critical ${critical.toFixed(1)}`);
    // Every page equally likely: the hits per page follow Binomial(runs, q).
    const sd = Math.sqrt(runs * q * (1 - q));
    hits.forEach((h, i) => assertNear(h, runs * q, 5 * sd, `page ${start + i}`));
  });

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
    dirtyRegion(b, 3, (1 << 16) - 3, 800, rng); // e^−800 is 0 in doubles
    assert.equal(b.count(), (1 << 16) - 3);
    assert.equal(b.countRange(0, 3), 0);
    assert.equal(b.recount(), (1 << 16) - 3);
    assert.equal(rng.draws, 0);
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

  it('draws a bounded number for the count whatever the writes, and places at most about min(writes, pages) when read', () => {
    const pages = 2 ** 21;
    for (const writes of [1e3, 1e5, 0.69 * pages, pages, 4 * pages, 1e9]) {
      const b = new DirtyBitmap(pages);
      const rng = new CountingRandom(7, 'cost');
      dirtyRegion(b, 0, pages, writes / pages, rng);
      // Inversion: one uniform (rarely a few); BTPE: two per proposal, most accepted.
      assert.ok(rng.draws <= 12, `${writes} writes: ${rng.draws} draws to count`);
      const counted = rng.draws;
      const dirty = b.count();
      b.test(0); // places them
      const placing = rng.draws - counted;
      // Rejection (few pages among many clean ones) or one draw per clean page walked.
      assert.ok(placing <= Math.min(2.2 * dirty + 100, pages), `${writes} writes: ${placing} draws to place ${dirty} pages`);
      assert.ok(placing <= 1.1 * Math.min(writes, pages) + 100, `${writes} writes: ${placing} draws to place`);
      assert.equal(b.recount(), dirty);
    }
  });
});
