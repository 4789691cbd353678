import type { UniformSource } from './binomial';
import { setBits } from './bitWords';

/**
 * Sets `count` of the `clean` clear pages of [start, end), chosen uniformly among all sets of that
 * size (every clear page equally likely, and every pair, and so on): where the pages a batch of
 * writes dirtied are, once their number is known. Exact, by one of two samplers chosen on the
 * sizes alone (never on a draw):
 * - rejection, when few pages are wanted among many clean ones (count <= clean/2 and
 *   count·pages <= clean²/2): draw a page of the region uniformly, keep it if still clear, else
 *   draw again. Each kept page is uniform among the pages still clear, which builds a uniform
 *   subset. Expected draws below 2·count·pages/clean <= clean;
 * - selection sampling (Knuth's Algorithm S, TAOCP vol. 2, 3.4.2) otherwise: walk the clear pages
 *   in order and take each with probability (still wanted)/(still to walk). One draw per clear
 *   page walked, at most `clean`.
 * `count === clean` sets the region whole without a draw. Returns nothing; the caller knows the
 * count it asked for.
 */
export function setUniformSubset(
  words: Uint32Array,
  start: number,
  end: number,
  count: number,
  clean: number,
  rng: UniformSource,
): void {
  if (count <= 0) return;
  const pages = end - start;
  if (count === clean) {
    setBits(words, start, end);
    return;
  }
  if (2 * count <= clean && count * pages <= (clean * clean) / 2) byRejection(words, start, pages, count, rng);
  else bySelection(words, start, end, count, clean, rng);
}

function byRejection(words: Uint32Array, start: number, pages: number, count: number, rng: UniformSource): void {
  let wanted = count;
  while (wanted > 0) {
    const page = start + Math.floor(rng.float() * pages);
    const w = page >>> 5;
    const bit = 1 << (page & 31);
    const old = words[w];
    if ((old & bit) === 0) {
      words[w] = old | bit;
      wanted--;
    }
  }
}

function bySelection(words: Uint32Array, start: number, end: number, count: number, clean: number, rng: UniformSource): void {
  let wanted = count;
  let left = clean;
  for (let page = start; page < end && wanted > 0; page++) {
    const w = page >>> 5;
    const bit = 1 << (page & 31);
    const old = words[w];
    if ((old & bit) !== 0) continue;
    if (rng.float() * left < wanted) {
      words[w] = old | bit;
      wanted--;
    }
    left--;
  }
}
