import { strict as assert } from 'node:assert';
import { Random } from '../../../src/engine/kernel';
import { DirtyBitmap, PAGE_SIZE, WriteProcess } from '../../../src/engine/memory';
import type { WorkloadSpec } from '../../../src/engine/scenario/model';
import { CountingRandom, assertNear, binomialPmf, binomialSd, chiSquare, mean, variance, wordsOf } from './helpers';

const GiB = 2 ** 30;
const MB = 1e6;

// Streams are labelled, as the engine's are (rng.fork per VM): a bare `new Random(seed)` starts
// with a poorly mixed state (see the report on kernel/random.ts).
const stream = (seed: number, label = 'memory-test') => new Random(seed, label);

function spec(memoryWrites: number, workingSet: number, hotShare: number): WorkloadSpec {
  return { preset: null, memoryWrites, workingSet, hotShare, diskIo: 0 };
}

/** Expected distinct pages of a region of `pages` pages each written at `rate` per second for `t`. */
function expectedDirty(pages: number, rate: number, t: number): number {
  return pages * (1 - Math.exp(-rate * t));
}

describe('WriteProcess', () => {
  describe('rates', () => {
    it('turns bytes per second into writes per second and per-page rates for the overlapping regions', () => {
      const n = (8 * GiB) / PAGE_SIZE;
      const hot = GiB / PAGE_SIZE;
      const w = WriteProcess.forVm(spec(40 * MB, GiB, 0.9), 8 * GiB);
      const lambda = (40 * MB) / 4096;
      assert.equal(w.totalPages, n);
      assert.equal(w.hotPages, hot);
      assertNear(w.writeRate, lambda, 1e-9, 'λ');
      assertNear(w.coldPageRate, (lambda * 0.1) / n, 1e-15, 'cold page rate');
      assertNear(w.hotPageRate, (lambda * 0.9) / hot + (lambda * 0.1) / n, 1e-15, 'hot page rate');
      assertNear(w.expectedWrites(70), lambda * 70, 1e-6, 'writes in 70 s');
    });

    it('caps the working set at memory, rounds it up to whole pages, and sends every write uniformly without one', () => {
      const capped = new WriteProcess(spec(4096 * 100, 10 * GiB, 0.9), 1000);
      assert.equal(capped.hotPages, 1000);
      assertNear(capped.hotPageRate, 100 / 1000, 1e-12, 'one region: λ/N');
      assert.equal(new WriteProcess(spec(1, 4097, 0.5), 1000).hotPages, 2);
      const none = new WriteProcess(spec(4096 * 100, 0, 0.9), 1000);
      assert.equal(none.hotPages, 0);
      assertNear(none.coldPageRate, 100 / 1000, 1e-12, 'all uniform');
    });

    it('rejects invalid workloads and bitmaps of another size', () => {
      assert.throws(() => new WriteProcess(spec(-1, 0, 0.5), 10), RangeError);
      assert.throws(() => new WriteProcess(spec(1, 0, 1.5), 10), RangeError);
      assert.throws(() => new WriteProcess(spec(1, -4096, 0.5), 10), RangeError);
      assert.throws(() => new WriteProcess(spec(1, 0, 0.5), 2.5), RangeError);
      const w = new WriteProcess(spec(1, 0, 0.5), 10);
      assert.throws(() => w.applyWrites(new DirtyBitmap(11), 1, stream(1)), RangeError);
      assert.throws(() => w.applyWrites(new DirtyBitmap(10), -1, stream(1)), RangeError);
      assert.throws(() => w.applyWrites(new DirtyBitmap(10), Infinity, stream(1)), RangeError);
    });
  });

  // x = w·t/N expected writes per page: below the placement threshold, around 1, and well above.
  for (const pages of [2 ** 16, 2 ** 21]) {
    for (const x of [0.01, 0.3, 1, 3, 8]) {
      it(`dirties N·(1 − e^(−w·t/N)) distinct pages under uniform writes (N = ${pages}, w·t/N = ${x})`, () => {
        const memoryWrites = 40 * MB;
        const w = new WriteProcess(spec(memoryWrites, 0, 0.9), pages);
        const writesPerSecond = memoryWrites / PAGE_SIZE;
        const t = (x * pages) / writesPerSecond;
        const b = new DirtyBitmap(pages);
        w.applyWrites(b, t, stream(pages + x));
        const q = 1 - Math.exp(-(writesPerSecond * t) / pages);
        const expected = pages * q;
        // Pages are independent, so the count is binomial: five standard deviations.
        assertNear(b.count(), expected, 5 * binomialSd(pages, q), 'dirty pages');
        if (expected >= 1e4) assert.ok(Math.abs(b.count() / expected - 1) < 0.03, 'within 3 %');
        assertNear(w.expectedDirtyPages(t).total, expected, 1e-6 * expected, 'closed form');
      });
    }
  }

  for (const t of [0.1, 2, 10, 70]) {
    it(`splits dirty pages between working set and the rest as the overlapping rates predict (t = ${t} s)`, () => {
      const memory = 8 * GiB;
      const n = memory / PAGE_SIZE;
      const hot = GiB / PAGE_SIZE;
      const lambda = (40 * MB) / PAGE_SIZE;
      const h = 0.9;
      const w = WriteProcess.forVm(spec(40 * MB, GiB, h), memory);
      const b = new DirtyBitmap(n);
      w.applyWrites(b, t, stream(Math.round(t * 10)));
      const hotRate = (lambda * h) / hot + (lambda * (1 - h)) / n;
      const coldRate = (lambda * (1 - h)) / n;
      const expHot = expectedDirty(hot, hotRate, t);
      const expCold = expectedDirty(n - hot, coldRate, t);
      const hotDirty = b.countRange(0, hot);
      const coldDirty = b.countRange(hot, n);
      assertNear(hotDirty, expHot, 5 * binomialSd(hot, expHot / hot) + 1, 'working set');
      assertNear(coldDirty, expCold, 5 * binomialSd(n - hot, expCold / (n - hot)) + 1, 'outside');
      const e = w.expectedDirtyPages(t);
      assertNear(e.hot, expHot, 1e-6 * expHot, 'closed form, hot');
      assertNear(e.cold, expCold, 1e-6 * expCold + 1e-9, 'closed form, cold');
      assertNear(e.total, expHot + expCold, 1e-6 * (expHot + expCold), 'closed form, total');
    });
  }

  // The working set and the rest are two independent binomial counts, each of its own rate:
  // Binomial(H, 1 − e^(−r_hot·t)) and Binomial(N − H, 1 − e^(−r_cold·t)), tested with chi-square at
  // significance 0.001 over 5,000 fixed-seed runs, and uncorrelated (|r| < 4/√runs).
  it('splits the dirty pages between working set and the rest as two independent binomial counts', () => {
    const pages = 4096;
    const w = new WriteProcess(spec(4096 * 800, 512 * 4096, 0.7), pages); // 800 writes/s, 512 hot pages
    const t = 0.9;
    const h = w.hotPages;
    const qHot = -Math.expm1(-w.hotPageRate * t);
    const qCold = -Math.expm1(-w.coldPageRate * t);
    const runs = 5000;
    const rng = stream(77, 'hot-cold');
    const hot: number[] = [];
    const cold: number[] = [];
    for (let r = 0; r < runs; r++) {
      const b = new DirtyBitmap(pages);
      w.applyWrites(b, t, rng);
      hot.push(b.countRange(0, h));
      cold.push(b.countRange(h, pages));
    }
    for (const [name, xs, n, q] of [['working set', hot, h, qHot], ['the rest', cold, pages - h, qCold]] as const) {
      const { stat, df, critical } = chiSquare(xs, binomialPmf(n, q, 0, n), 0, n);
      assert.ok(stat < critical, `${name}: chi-square ${stat.toFixed(1)} on ${df} df, critical ${critical.toFixed(1)}`);
    }
    const mh = mean(hot);
    const mc = mean(cold);
    const cov = hot.reduce((acc, x, i) => acc + (x - mh) * (cold[i] - mc), 0) / (runs - 1);
    const r = cov / Math.sqrt(variance(hot) * variance(cold));
    assert.ok(Math.abs(r) < 4 / Math.sqrt(runs), `correlation ${r.toFixed(4)}`);
  });

  it('writes nothing outside the working set when every write is hot', () => {
    const w = new WriteProcess(spec(400 * MB, 64 * 2 ** 20, 1), 2 ** 18);
    const b = new DirtyBitmap(2 ** 18);
    w.applyWrites(b, 5, stream(3));
    assert.equal(b.countRange(w.hotPages, 2 ** 18), 0);
    assert.ok(b.countRange(0, w.hotPages) > 0);
  });

  it('gives the same count in distribution when an interval is split in two halves or ten pieces', () => {
    // 1 GiB of 2 GiB hot at 0.8 share over t: about 1.2 writes per hot page in all, 0.6 per half
    // and 0.12 per tenth (the count drawn as failures above ln 2 expected writes per page, as
    // successes below): the split crosses both sides of the binomial draw.
    const pages = 2 ** 19;
    const w = new WriteProcess(spec(100 * MB, GiB, 0.8), pages);
    const t = (1.2 * w.hotPages) / (w.writeRate * 0.8);
    const seeds = 20;
    const counts = (pieces: number): number[] =>
      Array.from({ length: seeds }, (_, s) => {
        const rng = stream(s, `split-${pieces}`);
        const b = new DirtyBitmap(pages);
        for (let i = 0; i < pieces; i++) w.applyWrites(b, t / pieces, rng);
        return b.count();
      });
    const whole = counts(1);
    const halves = counts(2);
    const tenths = counts(10);
    const hotQ = 1 - Math.exp(-w.hotPageRate * t);
    const coldQ = 1 - Math.exp(-w.coldPageRate * t);
    const expected = w.hotPages * hotQ + (pages - w.hotPages) * coldQ;
    const sd = Math.sqrt(w.hotPages * hotQ * (1 - hotQ) + (pages - w.hotPages) * coldQ * (1 - coldQ));
    const sdOfMean = sd / Math.sqrt(seeds);
    for (const [name, xs] of [['whole', whole], ['halves', halves], ['tenths', tenths]] as const) {
      assertNear(mean(xs), expected, 4 * sdOfMean, `${name}: mean`);
    }
    assertNear(mean(halves), mean(whole), 4 * Math.SQRT2 * sdOfMean, 'halves vs whole');
    assertNear(mean(tenths), mean(whole), 4 * Math.SQRT2 * sdOfMean, 'tenths vs whole');
  });

  it('expects, from a bitmap already partly dirty, its dirty pages plus the clean ones likely written', () => {
    const pages = 2 ** 20;
    const w = new WriteProcess(spec(50 * MB, 256 * 2 ** 20, 0.9), pages);
    const b = new DirtyBitmap(pages);
    w.applyWrites(b, 3, stream(1));
    const before = b.count();
    const hotBefore = b.countRange(0, w.hotPages);
    const e = w.expectedDirtyPagesFrom(b, 4);
    const hotQ = 1 - Math.exp(-w.hotPageRate * 4);
    const coldQ = 1 - Math.exp(-w.coldPageRate * 4);
    const expHot = hotBefore + (w.hotPages - hotBefore) * hotQ;
    const expCold = before - hotBefore + (pages - w.hotPages - (before - hotBefore)) * coldQ;
    assertNear(e.total, expHot + expCold, 1e-6 * e.total, 'closed form');
    w.applyWrites(b, 4, stream(2));
    const sd = Math.sqrt((w.hotPages - hotBefore) * hotQ * (1 - hotQ) + (pages - w.hotPages) * coldQ * (1 - coldQ));
    assertNear(b.count(), e.total, 5 * sd, 'after the second interval');
    // And 3 s then 4 s is 7 s from clean.
    assertNear(b.count(), w.expectedDirtyPages(7).total, 5 * sd + 5 * binomialSd(pages, before / pages), '7 s');
  });

  it('is deterministic: same seed, same bitmap; another seed, another bitmap', () => {
    const w = WriteProcess.forVm(spec(60 * MB, 512 * 2 ** 20, 0.9), 4 * GiB);
    const run = (seed: number) => {
      const b = new DirtyBitmap(w.totalPages);
      const rng = new Random(seed).fork('vm:SQL01');
      for (const dt of [0.5, 3, 0.01, 20]) w.applyWrites(b, dt, rng);
      return wordsOf(b);
    };
    assert.deepEqual(run(42), run(42));
    assert.notDeepEqual(run(42), run(43));
  });

  it('costs O(min(writes, pages)) draws: 10^9 writes over 2^21 pages draw almost nothing', () => {
    const pages = 2 ** 21;
    for (const writes of [1e3, 1e5, 1e6, 2 ** 21, 1e7, 1e9]) {
      const w = new WriteProcess(spec(1e6 * PAGE_SIZE, GiB, 0.9), pages); // 10^6 writes per second
      const t = writes / w.writeRate;
      const rng = new CountingRandom(9, 'cost');
      w.applyWrites(new DirtyBitmap(pages), t, rng);
      assert.ok(rng.draws <= Math.min(writes, pages) + 6 * Math.sqrt(writes) + 64, `${writes} writes: ${rng.draws} draws`);
      if (writes === 1e9) assert.ok(rng.draws < 100, `10^9 writes: ${rng.draws} draws`);
    }
  });
});
