import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * FNV-1a over a label, mixed into the seed: each part of the simulation (one VM's workload, say)
 * gets its own stream, so adding a VM never changes the numbers another VM draws.
 */
function mixSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

/**
 * The full 128-bit generator state from one 32-bit seed, through splitmix32. pure-rand's own
 * seeding puts the seed straight into the state, so the first outputs of small seeds are nearly
 * 1 and correlated across seeds; expanding the seed first makes every draw usable.
 */
function stateFromSeed(seed: number): number[] {
  let x = seed | 0;
  const next = () => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  };
  const state = [next(), next(), next(), next()];
  // An all-zero state would stay zero forever.
  if (!state.some((w) => w !== 0)) state[0] = 1;
  return state;
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

/** Seeded random numbers for the engine. The only source of randomness it may use. */
export class Random {
  private readonly rng: RandomGenerator;

  constructor(readonly seed: number, readonly label = '') {
    this.rng = xoroshiro128plusFromState(stateFromSeed(label ? mixSeed(seed, label) : seed | 0));
  }

  /** An independent stream for one named part of the simulation. */
  fork(label: string): Random {
    return new Random(this.seed, this.label ? `${this.label}/${label}` : label);
  }

  /** A float in [0, 1) with 53 bits of precision. */
  float(): number {
    const hi = this.rng.next() >>> 5;
    const lo = this.rng.next() >>> 6;
    return (hi * TWO_POW_26 + lo) / TWO_POW_53;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** An exponentially distributed number with the given rate (mean 1/rate). */
  exponential(rate: number): number {
    return -Math.log(1 - this.float()) / rate;
  }

  /**
   * A Poisson-distributed count with mean `mean`. Knuth's method for small means, a normal
   * approximation (rounded, clamped at zero) for large ones, where it is accurate to well under
   * a percent and costs O(1).
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.float();
      while (p > limit) {
        k++;
        p *= this.float();
      }
      return k;
    }
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
  }

  /** A standard normal number (Box-Muller). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * A binomial count: how many of `n` trials with probability `p` succeed. Exact for small n,
   * normal approximation when both n·p and n·(1-p) are large.
   */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    const mean = n * p;
    if (n < 64) {
      let k = 0;
      for (let i = 0; i < n; i++) if (this.float() < p) k++;
      return k;
    }
    if (mean < 30) return Math.min(n, this.poisson(mean));
    const sd = Math.sqrt(mean * (1 - p));
    return Math.min(n, Math.max(0, Math.round(mean + sd * this.normal())));
  }
}
