import type { Random } from '../kernel';
import { binomial } from './binomial';
import type { DirtyBitmap } from './dirtyBitmap';

/**
 * Marks the pages of one region dirtied by Poisson writes over an interval: how many of its clean
 * pages the writes hit is drawn now, in O(1) draws whatever the number of writes; where they are
 * is left to the bitmap, which places them only if positions are ever read (a live migration
 * never reads them: each pass needs only how many pages it sends).
 *
 * The model: a region of P pages receives writes as a Poisson stream spread uniformly over it.
 * Over an interval, each page then receives an independent Poisson(x) number of writes, x being
 * the expected writes per page (rate · seconds / P), so each page is dirty independently with
 * probability q = 1 − e^(−x) (thinning a Poisson stream gives independent Poisson streams). Of
 * the C pages of the region still clean, the number newly dirtied is therefore exactly
 * Binomial(C, q): the occupancy law of a Poisson number of writes (mean C·q, variance C·q·(1 − q)),
 * drawn exactly by {@link binomial}. Given that number k, every set of k clean pages is equally
 * likely (the pages are exchangeable), so placing k uniformly chosen clean pages
 * ({@link DirtyBitmap.addUniform}) completes exactly the law of drawing every write.
 *
 * The probability passed to the sampler is the smaller of q and e^(−x), each computed directly
 * (expm1, exp), so neither is lost to rounding near 1. When e^(−x) is 0 in doubles every clean
 * page is dirtied without a draw. Dirty pages are OR-ed in: pages already marked stay marked.
 *
 * Before this sampler the writes were drawn one by one (W ~ Poisson(x·P), then W uniform pages,
 * below x = ln 2) or the clean pages skipped to (geometric runs, above), at a cost of
 * min(writes, pages) draws; the law is the same, the draws are not, so event logs differ.
 */
export function dirtyRegion(bitmap: DirtyBitmap, start: number, pages: number, writesPerPage: number, rng: Random): void {
  if (!(writesPerPage >= 0) || writesPerPage === Infinity) {
    throw new RangeError(`expected writes per page must be finite and >= 0: ${writesPerPage}`);
  }
  if (pages <= 0 || writesPerPage === 0) return;
  if (!Number.isInteger(start) || !Number.isInteger(pages) || start < 0 || start + pages > bitmap.pages) {
    throw new RangeError(`region [${start}, ${start + pages}) outside the bitmap of ${bitmap.pages} pages`);
  }
  const clean = pages - bitmap.countRange(start, start + pages);
  if (clean === 0) return;
  bitmap.addUniform(start, pages, cleanPagesHit(clean, writesPerPage, rng), rng);
}

/**
 * How many of `clean` pages receive at least one of Poisson(x) writes each: Binomial(clean,
 * 1 − e^(−x)), exact, O(1) draws.
 */
export function cleanPagesHit(clean: number, writesPerPage: number, rng: Random): number {
  const stayClean = Math.exp(-writesPerPage);
  if (stayClean < 0.5) return clean - binomial(clean, stayClean, rng);
  return binomial(clean, -Math.expm1(-writesPerPage), rng);
}
