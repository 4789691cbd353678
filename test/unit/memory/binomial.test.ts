import { strict as assert } from 'node:assert';
import { Random } from '../../../src/engine/kernel';
import { binomial, logFactorial, logFactorialRatio } from '../../../src/engine/memory';
import { CountingRandom, assertNear, binomialPmf, chiSquare, mean, variance } from './helpers';

/**
 * The exact binomial sampler behind the dirty-page counts. Each case draws 60,000 variates with a
 * fixed seed and tests them against the exact Binomial(n, p) law (probabilities walked from the
 * mode, independently of the sampler) with Pearson's chi-square at significance 0.001, and their
 * mean and variance against n·p and n·p·(1 − p) (5 standard errors). The cases cover both
 * methods (inversion below a mean of 30, BTPE above), both sides of p = 1/2, and sizes up to 2^31.
 */
describe('binomial', () => {
  const DRAWS = 60_000;
  const CASES: [number, number][] = [
    [20, 0.3], // inversion, small n
    [1000, 0.01], // inversion, mean 10
    [1_000_000, 2.5e-5], // inversion, mean 25
    [200, 0.16], // BTPE at the switch (mean 32)
    [100, 0.5], // BTPE, symmetric
    [1000, 0.1], // BTPE, mean 100
    [100_000, 0.37], // BTPE, mean 37,000
    [2 ** 24, 0.9], // drawn as failures: 16,777,216 − Binomial(2^24, 0.1)
    [2 ** 31, 1e-7], // 2^31 trials, mean 214.7
    [500, 0.97], // failures by inversion: 500 − Binomial(500, 0.03)
  ];

  for (const [n, p] of CASES) {
    it(`draws Binomial(${n}, ${p}) exactly: chi-square at 0.001, mean and variance`, () => {
      const rng = new Random(n % 100_003, `binomial-${p}`);
      const xs = Array.from({ length: DRAWS }, () => binomial(n, p, rng));
      const m = n * p;
      const v = n * p * (1 - p);
      const sd = Math.sqrt(v);
      assert.ok(xs.every((x) => Number.isInteger(x) && x >= 0 && x <= n), 'integers in [0, n]');
      const lo = Math.max(0, Math.floor(m - 12 * sd - 2));
      const hi = Math.min(n, Math.ceil(m + 12 * sd + 2));
      const { stat, df, critical } = chiSquare(xs, binomialPmf(n, p, lo, hi), lo, hi);
      assert.ok(stat < critical, `chi-square ${stat.toFixed(1)} on ${df} df, critical ${critical.toFixed(1)}`);
      assertNear(mean(xs), m, 5 * Math.sqrt(v / DRAWS), 'mean');
      // The sample variance's standard error: √((μ4 − σ⁴·(n−3)/(n−1))/n) ≈ σ²·√(2/n) plus the kurtosis term.
      const kurtosisExcess = (1 - 6 * p * (1 - p)) / v;
      assertNear(variance(xs), v, 5 * v * Math.sqrt((2 + kurtosisExcess) / DRAWS), 'variance');
    });
  }

  it('costs about one draw per variate by inversion (mean 20) and about two by BTPE (mean 5 M)', () => {
    const inversion = new CountingRandom(1, 'cost');
    for (let i = 0; i < 1000; i++) binomial(1000, 0.02, inversion);
    assert.ok(inversion.draws <= 1010, `inversion: ${inversion.draws} draws for 1000 variates`);
    const btpe = new CountingRandom(2, 'cost');
    for (let i = 0; i < 1000; i++) binomial(2 ** 24, 0.3, btpe);
    // Two uniforms per proposal; BTPE accepts most proposals (over 80 % at large means).
    assert.ok(btpe.draws <= 2 * 1000 * 1.3, `BTPE: ${btpe.draws} draws for 1000 variates`);
  });

  it('answers the edge cases without a draw and rejects invalid arguments', () => {
    const rng = new CountingRandom(3, 'edges');
    assert.equal(binomial(0, 0.5, rng), 0);
    assert.equal(binomial(10, 0, rng), 0);
    assert.equal(binomial(10, 1, rng), 10);
    assert.equal(rng.draws, 0);
    assert.throws(() => binomial(-1, 0.5, rng), RangeError);
    assert.throws(() => binomial(2.5, 0.5, rng), RangeError);
    assert.throws(() => binomial(10, -0.1, rng), RangeError);
    assert.throws(() => binomial(10, 1.1, rng), RangeError);
    assert.throws(() => binomial(10, NaN, rng), RangeError);
  });

  it('computes log-factorials and their ratios as the sums of logarithms do', () => {
    const sumLogs = (a: number, b: number) => {
      let s = 0;
      for (let i = b + 1; i <= a; i++) s += Math.log(i);
      return s;
    };
    for (const k of [0, 1, 2, 15, 31, 32, 33, 100, 1000, 123_456]) {
      const exact = sumLogs(k, 0);
      assertNear(logFactorial(k), exact, 1e-12 * Math.max(1, exact), `log ${k}!`);
    }
    for (const [a, b] of [[5, 3], [40, 20], [1000, 31], [100_000, 99_000], [5000, 5016], [123_456, 123_400]]) {
      const exact = a >= b ? sumLogs(a, b) : -sumLogs(b, a);
      assertNear(logFactorialRatio(a, b), exact, 1e-11 * Math.max(1, Math.abs(exact)), `log(${a}!/${b}!)`);
    }
    // Near 2^31 the ratio of two close factorials keeps its precision (the difference of the two
    // log-factorials alone would be off by about 10^−5): log(n!/(n − 100)!) = Σ log(n − i).
    const n = 2 ** 31;
    assertNear(logFactorialRatio(n, n - 100), sumLogs(n, n - 100), 1e-9, 'log((2^31)!/(2^31 − 100)!)');
  });
});
