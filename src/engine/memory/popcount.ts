/**
 * Number of set bits in a 32-bit word (SWAR: bits summed in pairs, nibbles, then bytes, the four
 * byte sums added by one multiply). Branch-free, no table; the word may be signed or unsigned.
 */
export function popcount32(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Index (0..31) of the lowest set bit of a non-zero word. */
export function lowestBit(word: number): number {
  return 31 - Math.clz32(word & -word);
}
