/** What the binomial sampler draws from: uniform floats in [0, 1) (the run's seeded `Random`). */
export interface UniformSource {
  float(): number;
}

/** Below this mean (n·min(p, 1 − p)) the CDF is walked from 0; from it on, BTPE. */
const INVERSION_MAX_MEAN = 30;

/**
 * An exact Binomial(n, p) variate: how many of n independent trials of probability p succeed.
 * Exact up to floating-point rounding, in O(1) expected draws for any n (up to 2^31 and beyond):
 * - mean n·r <= 30 (r = min(p, 1 − p)): inversion, the CDF walked from 0 with one uniform
 *   (P(0) = (1 − r)^n, P(k)/P(k − 1) = (n − k + 1)/k · r/(1 − r)); a walk past mean + 10 sd, where
 *   rounding has eaten the remaining mass (below 10^−20), starts again with a new uniform;
 * - larger means: BTPE (Kachitvichyanukul and Schmeiser, "Binomial random variate generation",
 *   Communications of the ACM 31(2), 1988): a proposal from a hat of a triangle, two
 *   parallelograms and two exponential tails around the mode, the triangle accepted at once and
 *   anything else accepted against the exact ratio f(y)/f(mode), computed here from log-factorials
 *   ({@link logFactorialRatio}; the paper's squeeze and its Stirling shortcut are left out: they only
 *   save time, and the printed shortcut carries misprints).
 * For p > 1/2 it draws the failures, n − Binomial(n, 1 − p). Pass the smaller of p and 1 − p when
 * it is known more precisely than by subtracting from 1 (a probability near 1).
 */
export function binomial(n: number, p: number, rng: UniformSource): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`trial count must be an integer >= 0: ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must be in [0, 1]: ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p > 0.5) return n - binomialAtMostHalf(n, 1 - p, rng);
  return binomialAtMostHalf(n, p, rng);
}

function binomialAtMostHalf(n: number, r: number, rng: UniformSource): number {
  return n * r <= INVERSION_MAX_MEAN ? byInversion(n, r, rng) : byBtpe(n, r, rng);
}

function byInversion(n: number, r: number, rng: UniformSource): number {
  const q = 1 - r;
  const odds = r / q;
  const first = Math.exp(n * Math.log1p(-r));
  const mean = n * r;
  const last = Math.min(n, Math.floor(mean + 10 * Math.sqrt(mean * q + 1)));
  for (;;) {
    let u = rng.float();
    let k = 0;
    let pk = first;
    while (u >= pk && k <= last) {
      u -= pk;
      k++;
      pk *= ((n - k + 1) / k) * odds;
    }
    if (k <= last) return k;
  }
}

function byBtpe(n: number, r: number, rng: UniformSource): number {
  const q = 1 - r;
  const npq = n * r * q;
  const fm = n * r + r;
  const mode = Math.floor(fm);
  // The triangle: centred on the mode, half-width p1 (a whole number plus 1/2).
  const p1 = Math.floor(2.195 * Math.sqrt(npq) - 4.6 * q) + 0.5;
  const xm = mode + 0.5;
  const xl = xm - p1;
  const xr = xm + p1;
  const c = 0.134 + 20.5 / (15.3 + mode);
  // The exponential tails' rates, left and right.
  let a = (fm - xl) / (fm - xl * r);
  const lambdaL = a * (1 + a / 2);
  a = (xr - fm) / (xr * q);
  const lambdaR = a * (1 + a / 2);
  // Cumulative areas of the hat's parts: triangle, parallelograms, left tail, right tail.
  const p2 = p1 * (1 + 2 * c);
  const p3 = p2 + c / lambdaL;
  const p4 = p3 + c / lambdaR;
  const logOdds = Math.log(r / q);
  for (;;) {
    const u = rng.float() * p4;
    let v = rng.float();
    let y: number;
    if (u <= p1) {
      // Under the triangle, which lies under f: accepted without a test.
      return Math.floor(xm - p1 * v + u);
    }
    if (u <= p2) {
      const x = xl + (u - p1) / c;
      v = v * c + 1 - Math.abs(mode - x + 0.5) / p1;
      if (v > 1) continue;
      y = Math.floor(x);
    } else if (u <= p3) {
      y = Math.floor(xl + Math.log(v) / lambdaL);
      if (y < 0 || v === 0) continue;
      v *= (u - p2) * lambdaL;
    } else {
      y = Math.floor(xr - Math.log(v) / lambdaR);
      if (y > n || v === 0) continue;
      v *= (u - p3) * lambdaR;
    }
    // Accept y with probability f(y)/f(mode) / hat: v is uniform under the hat's height there.
    // log f(y)/f(mode) = log(mode!/y!) + log((n − mode)!/(n − y)!) + (y − mode)·log(r/q).
    const logRatio = logFactorialRatio(mode, y) + logFactorialRatio(n - mode, n - y) + (y - mode) * logOdds;
    if (Math.log(v) <= logRatio) return y;
  }
}

/** log k! for k < 32, summed. */
const SMALL_LOG_FACTORIALS = (() => {
  const out = new Float64Array(32);
  for (let k = 2; k < 32; k++) out[k] = out[k - 1] + Math.log(k);
  return out;
})();

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** Stirling's series of log Γ(x) beyond its leading terms: 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) (error < 10^−17 from x = 33). */
function stirlingTail(x: number): number {
  const x2 = x * x;
  return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * x2)) / x2) / x2) / x;
}

/** log k!, k an integer >= 0. */
export function logFactorial(k: number): number {
  if (k < 32) return SMALL_LOG_FACTORIALS[k];
  const x = k + 1; // log k! = log Γ(x) = (x − 1/2)·log x − x + log √(2π) + stirlingTail(x)
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + stirlingTail(x);
}

/**
 * log(a!/b!), without the cancellation of subtracting two large log-factorials (log (2^31)! is
 * about 4·10^10, whose rounding alone would be 10^−5): close arguments are summed, large ones
 * go through Stirling's series written as a difference.
 */
export function logFactorialRatio(a: number, b: number): number {
  if (a === b) return 0;
  if (a < b) return -logFactorialRatio(b, a);
  if (a - b <= 16) {
    let sum = 0;
    for (let i = b + 1; i <= a; i++) sum += Math.log(i);
    return sum;
  }
  if (b < 32) return logFactorial(a) - SMALL_LOG_FACTORIALS[b];
  const xa = a + 1;
  const xb = b + 1;
  const d = xa - xb;
  return (xa - 0.5) * Math.log1p(d / xb) + d * Math.log(xb) - d + stirlingTail(xa) - stirlingTail(xb);
}
