import { popcount32 } from './popcount';

/**
 * Bit ranges of a Uint32Array of page bits (page p is bit p & 31 of word p >> 5): the word-level
 * loops the bitmap and the uniform placement share. Ranges are [start, end) of pages, already
 * checked by the caller.
 */

/** A mask of bits [from, to) of one word, 0 <= from < to <= 32. */
function bitsMask(from: number, to: number): number {
  const high = to === 32 ? -1 : (1 << to) - 1;
  return high & ~((1 << from) - 1);
}

/** The valid bits of word `w` of a bitmap of `pages` pages (bits past the last page are not pages). */
export function fullWord(w: number, pages: number): number {
  const valid = pages - (w << 5);
  return valid >= 32 ? 0xffffffff : ((1 << valid) - 1) >>> 0;
}

/** Every page of a bitmap of `pages` pages set, bits past the last page left zero. */
export function fillAll(words: Uint32Array, pages: number): void {
  if (words.length === 0) return;
  words.fill(0xffffffff);
  words[words.length - 1] = fullWord(words.length - 1, pages);
}

/** Set bits in pages [start, end). */
export function countBits(words: Uint32Array, start: number, end: number): number {
  if (start === end) return 0;
  const first = start >>> 5;
  const last = (end - 1) >>> 5;
  if (first === last) return popcount32(words[first] & bitsMask(start & 31, ((end - 1) & 31) + 1));
  let n = popcount32(words[first] & bitsMask(start & 31, 32));
  for (let w = first + 1; w < last; w++) {
    const x = words[w];
    if (x !== 0) n += popcount32(x);
  }
  return n + popcount32(words[last] & bitsMask(0, ((end - 1) & 31) + 1));
}

/**
 * Sets pages [start, end), a word at a time; returns how many were clear. `empty` says the words
 * are known to be all zero, so the whole words between the ends need no count (pass 1).
 */
export function setBits(words: Uint32Array, start: number, end: number, empty = false): number {
  if (start === end) return 0;
  const first = start >>> 5;
  const last = (end - 1) >>> 5;
  if (first === last) {
    const mask = bitsMask(start & 31, ((end - 1) & 31) + 1);
    const old = words[first];
    words[first] = old | mask;
    return popcount32(mask & ~old);
  }
  let added = 0;
  const headMask = bitsMask(start & 31, 32);
  added += popcount32(headMask & ~words[first]);
  words[first] |= headMask;
  if (last > first + 1) {
    let had = 0;
    if (!empty) {
      for (let w = first + 1; w < last; w++) {
        const x = words[w];
        if (x !== 0) had += popcount32(x);
      }
    }
    words.fill(0xffffffff, first + 1, last);
    added += 32 * (last - first - 1) - had;
  }
  const tailMask = bitsMask(0, ((end - 1) & 31) + 1);
  added += popcount32(tailMask & ~words[last]);
  words[last] |= tailMask;
  return added;
}
