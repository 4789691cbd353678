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
