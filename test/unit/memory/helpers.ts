import { strict as assert } from 'node:assert';
import { Random } from '../../../src/engine/kernel';
import { DirtyBitmap } from '../../../src/engine/memory';

/** A Random that counts its uniform draws: every other draw (int, exponential, poisson, normal) goes through float(). */
export class CountingRandom extends Random {
  draws = 0;
  override float(): number {
    this.draws++;
    return super.float();
  }
}

/** The pages set in `bitmap`, by testing every page one at a time. */
export function naiveSetPages(bitmap: DirtyBitmap): number[] {
  const out: number[] = [];
  for (let p = 0; p < bitmap.pages; p++) if (bitmap.test(p)) out.push(p);
  return out;
}

/** All the words of a bitmap, for exact comparisons. */
export function wordsOf(bitmap: DirtyBitmap): number[] {
  return Array.from({ length: bitmap.wordCount }, (_, w) => bitmap.wordAt(w));
}

/** Standard deviation of the number of successes among `n` independent trials of probability `q`. */
export function binomialSd(n: number, q: number): number {
  return Math.sqrt(n * q * (1 - q));
}

/** |actual − expected| <= tolerance, with a message that shows all three. */
export function assertNear(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: got ${actual}, expected ${expected.toFixed(2)} ± ${tolerance.toFixed(2)}`,
  );
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

export function variance(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}

/**
 * Upper critical value of the chi-square distribution with `df` degrees of freedom at
 * significance 0.001 (Wilson–Hilferty: χ² ≈ df·(1 − 2/(9df) + z·√(2/(9df)))³, z = 3.0902 the
 * standard normal's 0.999 quantile; within 1 % of the exact value from df = 3 on).
 */
export function chiSquareCritical001(df: number): number {
  const z = 3.0902;
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/**
 * Pearson's chi-square statistic of `samples` against the law `pmf` (k → probability): the
 * support cut into bins of expected count >= 5 each (consecutive values merged, both tails
 * included in the end bins). Returns the statistic, the degrees of freedom (bins − 1) and the
 * 0.001 critical value: a correct sampler exceeds it once in a thousand seeds.
 */
export function chiSquare(samples: readonly number[], pmf: (k: number) => number, lo: number, hi: number): { stat: number; df: number; critical: number } {
  const n = samples.length;
  const observed = new Map<number, number>();
  for (const s of samples) observed.set(s, (observed.get(s) ?? 0) + 1);
  // Bins [from, to] over [lo, hi], closed at 5 expected; the first takes everything below lo,
  // the last everything above hi.
  const bins: { to: number; expected: number }[] = [];
  let expected = 0;
  for (let k = lo; k <= hi; k++) {
    expected += n * pmf(k);
    if (expected >= 5) {
      bins.push({ to: k, expected });
      expected = 0;
    }
  }
  if (bins.length === 0) throw new Error('no bin reaches 5 expected samples');
  bins[bins.length - 1].expected += expected;
  bins[bins.length - 1].to = Infinity;
  const counts = new Array<number>(bins.length).fill(0);
  for (const [k, c] of observed) {
    let i = 0;
    while (k > bins[i].to) i++;
    counts[i] += c;
  }
  // The tails outside [lo, hi] must be negligible for the law; their observed samples are in the end bins.
  let stat = 0;
  bins.forEach((b, i) => (stat += (counts[i] - b.expected) ** 2 / b.expected));
  const df = bins.length - 1;
  return { stat, df, critical: chiSquareCritical001(df) };
}

/**
 * The Binomial(n, p) probabilities of [lo, hi], computed by the ratio P(k + 1)/P(k) =
 * (n − k)/(k + 1) · p/(1 − p) walked out from the mode and normalised over the range (which must
 * hold all but a negligible mass): independent of the samplers' log-factorials.
 */
export function binomialPmf(n: number, p: number, lo: number, hi: number): (k: number) => number {
  const mode = Math.min(hi, Math.max(lo, Math.floor((n + 1) * p)));
  const logs = new Map<number, number>([[mode, 0]]);
  const lr = Math.log(p / (1 - p));
  for (let k = mode; k < hi; k++) logs.set(k + 1, (logs.get(k) as number) + Math.log((n - k) / (k + 1)) + lr);
  for (let k = mode; k > lo; k--) logs.set(k - 1, (logs.get(k) as number) - Math.log((n - k + 1) / k) - lr);
  let total = 0;
  for (const l of logs.values()) total += Math.exp(l);
  return (k) => (logs.has(k) ? Math.exp(logs.get(k) as number) / total : 0);
}
