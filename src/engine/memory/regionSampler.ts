import type { Random } from '../kernel';
import type { DirtyBitmap } from './dirtyBitmap';

/**
 * Marks the pages of one region dirtied by Poisson writes, at a cost of min(writes, pages) and
 * never one step per write when writes are many.
 *
 * The model: a region of P pages receives writes as a Poisson stream spread uniformly over it.
 * Over an interval, each page then receives an independent Poisson(x) number of writes, x being
 * the expected writes per page (rate · seconds / P), so each page is dirty independently with
 * probability q = 1 − e^(−x). Two samplers draw exactly that law; which one runs depends only on
 * x, never on a drawn count (choosing on a drawn W and then discarding it would bias the result):
 *
 * - x < ln 2 (q < 1/2, fewer writes than 0.7·P), by writes: W ~ Poisson(x·P), then W uniform
 *   pages. Given W, uniform placement is what a Poisson stream does, so per-page counts are
 *   independent Poisson(x). About x·P draws (the writes, fewer than 0.7·P here), each cheap.
 * - x >= ln 2 (q >= 1/2), by clean pages: clean pages are now the minority, so draw where they
 *   are. The run of dirty pages before the next clean one is Geometric(1 − q), drawn as
 *   floor(E / −ln q) with E ~ Exp(1) (P(run >= k) = q^k = e^(−k·(−ln q))), and each run is set a
 *   word at a time: (1 − q)·P + 1 <= P/2 + 1 draws and P/32 word writes, whatever the number of
 *   writes. When q rounds to 1 the region is set whole without a draw.
 *
 * Why ln 2 and not a lower switch (say x < 1/8, where almost every write is a distinct page):
 * measured on 2^19 and 2^24 pages, placing a write (one float, a multiply, a bit set) costs about
 * half a geometric skip (a float and a logarithm), so placement beats skipping clean pages
 * (q·P draws) up to x ≈ 0.7–1 although it makes x/q times as many draws, and skipping dirty runs
 * overtakes it near x ≈ 0.7–0.85. So that third textbook sampler (geometric skips to the next
 * dirty page) never wins and is not used. ln 2 is where clean pages become the minority and sits
 * at the measured crossover.
 *
 * Dirty pages are OR-ed in: pages already marked stay marked.
 */
export const BY_WRITES_BELOW = Math.LN2;

export type SamplerKind = 'byWrites' | 'byCleanPages';

export function samplerFor(writesPerPage: number): SamplerKind {
  return writesPerPage < BY_WRITES_BELOW ? 'byWrites' : 'byCleanPages';
}

/**
 * Dirties pages [start, start + pages) of `bitmap` as `writesPerPage` expected Poisson writes per
 * page would, with the sampler {@link samplerFor} picks (or the one given, for tests: both draw
 * the same law at any x, only their cost differs).
 */
export function dirtyRegion(
  bitmap: DirtyBitmap,
  start: number,
  pages: number,
  writesPerPage: number,
  rng: Random,
  kind: SamplerKind = samplerFor(writesPerPage),
): void {
  if (!(writesPerPage >= 0) || writesPerPage === Infinity) {
    throw new RangeError(`expected writes per page must be finite and >= 0: ${writesPerPage}`);
  }
  if (pages <= 0 || writesPerPage === 0) return;
  if (!Number.isInteger(start) || !Number.isInteger(pages) || start < 0 || start + pages > bitmap.pages) {
    throw new RangeError(`region [${start}, ${start + pages}) outside the bitmap of ${bitmap.pages} pages`);
  }
  if (kind === 'byWrites') byWrites(bitmap, start, pages, writesPerPage, rng);
  else byCleanPages(bitmap, start, pages, writesPerPage, rng);
}

function byWrites(bitmap: DirtyBitmap, start: number, pages: number, x: number, rng: Random): void {
  bitmap.setUniform(start, pages, rng.poisson(x * pages), rng);
}

function byCleanPages(bitmap: DirtyBitmap, start: number, pages: number, x: number, rng: Random): void {
  // −ln q, q = 1 − e^-x: the dirty pages before the next clean one number floor(E / −ln q).
  const rate = -Math.log(-Math.expm1(-x));
  if (rate === 0) {
    bitmap.setRange(start, start + pages); // q is 1 to double precision
    return;
  }
  let i = 0;
  while (i < pages) {
    const run = Math.floor(rng.exponential(rate));
    const end = run >= pages - i ? pages : i + run;
    if (end > i) bitmap.setRange(start + i, start + end);
    i = end + 1; // page `end` is the clean one
  }
}
