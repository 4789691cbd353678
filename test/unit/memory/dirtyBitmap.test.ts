import { strict as assert } from 'node:assert';
import { Random } from '../../../src/engine/kernel';
import { DirtyBitmap, bucketStart, lowestBit, popcount32 } from '../../../src/engine/memory';
import { naiveSetPages, wordsOf } from './helpers';

function naivePopcount(word: number): number {
  let n = 0;
  for (let b = 0; b < 32; b++) if ((word >>> b) & 1) n++;
  return n;
}

/** A bitmap and a plain boolean array driven by the same operations. */
class Model {
  readonly bitmap: DirtyBitmap;
  readonly bits: boolean[];
  constructor(readonly pages: number) {
    this.bitmap = new DirtyBitmap(pages);
    this.bits = new Array<boolean>(pages).fill(false);
  }
  set(p: number): void {
    assert.equal(this.bitmap.set(p), !this.bits[p]);
    this.bits[p] = true;
  }
  clear(p: number): void {
    assert.equal(this.bitmap.clear(p), this.bits[p]);
    this.bits[p] = false;
  }
  setRange(a: number, b: number): void {
    this.bitmap.setRange(a, b);
    for (let p = a; p < b; p++) this.bits[p] = true;
  }
  expectedPages(): number[] {
    return this.bits.flatMap((b, p) => (b ? [p] : []));
  }
  check(rng: Random): void {
    const pages = this.expectedPages();
    assert.equal(this.bitmap.count(), pages.length, 'maintained count');
    assert.equal(this.bitmap.recount(), pages.length, 'popcount');
    assert.deepEqual(naiveSetPages(this.bitmap), pages, 'test()');
    assert.deepEqual([...this.bitmap], pages, 'iterator');
    const visited: number[] = [];
    this.bitmap.forEachSet((p) => visited.push(p));
    assert.deepEqual(visited, pages, 'forEachSet');
    for (let i = 0; i < 20; i++) {
      const a = rng.int(this.pages + 1);
      const b = a + rng.int(this.pages + 1 - a);
      const naive = this.bits.slice(a, b).filter((x) => x).length;
      assert.equal(this.bitmap.countRange(a, b), naive, `countRange(${a}, ${b})`);
    }
    // Bits past the last page stay zero.
    const tail = this.pages % 32;
    if (tail !== 0) assert.equal(this.bitmap.wordAt(this.bitmap.wordCount - 1) >>> tail, 0, 'bits past the end');
  }
}

describe('popcount32', () => {
  it('counts the bits of edge words and random words like a bit-by-bit count', () => {
    const rng = new Random(5);
    const words = [0, 1, -1, 0xffffffff, 0x80000000, 1 << 31, 0x55555555, 0xaaaaaaaa, 0x0f0f0f0f, 0x7fffffff];
    for (let i = 0; i < 2000; i++) words.push((rng.int(2 ** 32) >>> 0) & (rng.int(2 ** 32) | rng.int(2 ** 32)));
    for (const w of words) assert.equal(popcount32(w), naivePopcount(w), `word ${w >>> 0}`);
  });

  it('finds the lowest set bit, bit 31 included', () => {
    for (let b = 0; b < 32; b++) {
      assert.equal(lowestBit(1 << b), b);
      assert.equal(lowestBit(-1 << b), b);
    }
  });
});

describe('DirtyBitmap', () => {
  it('sets, tests and clears single pages across word boundaries and in the last partial word', () => {
    const pages = 100; // three full words and 4 pages of a fourth
    const m = new Model(pages);
    const edge = [0, 1, 30, 31, 32, 33, 63, 64, 95, 96, 97, 98, 99];
    for (const p of edge) m.set(p);
    m.set(31); // again: no change, set() says so
    m.check(new Random(1));
    assert.equal(m.bitmap.count(), edge.length);
    assert.equal(m.bitmap.wordAt(3), 0b1111);
    for (const p of [31, 96, 99]) m.clear(p);
    m.clear(31); // again
    m.check(new Random(2));
    assert.equal(m.bitmap.test(32), true);
    assert.equal(m.bitmap.test(34), false);
  });

  it('rejects pages outside the bitmap and non-integer pages', () => {
    const b = new DirtyBitmap(100);
    for (const p of [100, -1, 1.5, NaN, 2 ** 32]) {
      assert.throws(() => b.set(p), RangeError);
      assert.throws(() => b.test(p), RangeError);
      assert.throws(() => b.clear(p), RangeError);
    }
    assert.throws(() => b.setRange(50, 101), RangeError);
    assert.throws(() => b.setRange(60, 50), RangeError);
    assert.throws(() => b.countRange(-1, 3), RangeError);
    assert.throws(() => new DirtyBitmap(-1), RangeError);
    assert.throws(() => new DirtyBitmap(2.5), RangeError);
  });

  it('sets ranges inside one word, across words, aligned, and up to the last page', () => {
    const ranges: Array<[number, number]> = [
      [0, 0], [3, 4], [5, 31], [0, 32], [31, 33], [32, 64], [40, 130], [29, 35], [127, 128], [150, 161], [100, 161],
    ];
    for (const [a, b] of ranges) {
      const m = new Model(161);
      m.set(30);
      m.set(160);
      m.setRange(a, b);
      m.check(new Random(a * 1000 + b));
    }
    const full = new DirtyBitmap(161);
    full.setRange(0, 161);
    assert.equal(full.count(), 161);
    assert.equal(full.wordAt(5), 1); // 161 = 5·32 + 1: one page in the last word
  });

  for (const pages of [1, 31, 32, 33, 1000, 4099]) {
    it(`keeps count, iteration and ranges equal to a naive model under random operations (${pages} pages)`, () => {
      const rng = new Random(pages);
      const m = new Model(pages);
      for (let round = 0; round < 8; round++) {
        for (let i = 0; i < pages / 4 + 3; i++) {
          const p = rng.int(pages);
          if (rng.float() < 0.7) m.set(p);
          else m.clear(p);
        }
        const a = rng.int(pages + 1);
        if (round % 3 === 0) m.setRange(a, a + rng.int(Math.min(pages - a, 80) + 1));
        m.check(rng);
      }
    });
  }

  it('clears everything', () => {
    const b = new DirtyBitmap(1000);
    b.setRange(10, 900);
    b.clearAll();
    assert.equal(b.count(), 0);
    assert.equal(b.recount(), 0);
    assert.deepEqual([...b], []);
  });

  it('iterates sparse set pages in order, bit 31 of each word included', () => {
    const b = new DirtyBitmap(1 << 20);
    const expected = [0, 31, 32, 63, 4095, 65536 + 31, (1 << 20) - 1];
    for (const p of [...expected].reverse()) b.set(p);
    assert.deepEqual([...b.setPages()], expected);
  });

  describe('density', () => {
    it('is the fraction of dirty pages per bucket, and weighted by bucket size sums to the count', () => {
      const rng = new Random(11);
      for (const [pages, buckets] of [[10_000, 256], [1000, 7], [300, 256], [33, 1]] as const) {
        const b = new DirtyBitmap(pages);
        for (let i = 0; i < pages / 3; i++) b.set(rng.int(pages));
        b.setRange(Math.floor(pages / 2), Math.floor((3 * pages) / 4));
        const d = b.density(buckets);
        assert.equal(d.length, buckets);
        let sum = 0;
        for (let k = 0; k < buckets; k++) {
          const start = Math.floor((k * pages) / buckets);
          const end = Math.floor(((k + 1) * pages) / buckets);
          assert.equal(bucketStart(k, buckets, pages), start);
          assert.equal(d[k], b.countRange(start, end) / (end - start));
          assert.ok(d[k] >= 0 && d[k] <= 1);
          sum += d[k] * (end - start);
        }
        assert.ok(Math.abs(sum - b.count()) < 1e-6, `weighted sum ${sum} vs count ${b.count()}`);
      }
    });

    it('defaults to 256 buckets, gives 0 for empty buckets when buckets outnumber pages', () => {
      const b = new DirtyBitmap(3);
      b.setRange(0, 3);
      assert.equal(new DirtyBitmap(1 << 16).density().length, 256);
      const d = b.density(8);
      assert.equal(d.filter((x) => x === 1).length, 3);
      assert.equal(d.filter((x) => x === 0).length, 5);
      assert.throws(() => b.density(0), RangeError);
    });
  });

  describe('double buffering', () => {
    it('takeAndClear hands the dirty pages to the next pass and starts empty, trading arrays without allocating once both have words', () => {
      const dirty = new DirtyBitmap(200);
      const toCopy = new DirtyBitmap(200);
      toCopy.setRange(0, 200);
      const arrayOf = (b: DirtyBitmap) => (b as unknown as { words: Uint32Array | null }).words;
      // The words exist once pages have been written to both (a bitmap all set is only its count).
      let arrays: Set<Uint32Array | null> | null = null;
      for (let pass = 0; pass < 5; pass++) {
        const written = [pass, 50 + pass, 199 - pass];
        for (const p of written) dirty.set(p);
        dirty.takeAndClear(toCopy);
        assert.deepEqual([...toCopy], written);
        assert.equal(toCopy.count(), 3);
        assert.equal(dirty.count(), 0);
        assert.equal(dirty.recount(), 0);
        if (pass === 1) arrays = new Set([arrayOf(dirty), arrayOf(toCopy)]);
        if (arrays) assert.ok(arrays.has(arrayOf(dirty)) && arrays.has(arrayOf(toCopy)) && !arrays.has(null), 'no new array');
      }
    });

    it('swaps, copies, unions and differences like set operations', () => {
      const rng = new Random(3);
      const pages = 777;
      const a = new DirtyBitmap(pages);
      const b = new DirtyBitmap(pages);
      for (let i = 0; i < 300; i++) a.set(rng.int(pages));
      for (let i = 0; i < 300; i++) b.set(rng.int(pages));
      const sa = new Set(a);
      const sb = new Set(b);
      assert.equal(a.countAndNot(b), [...sa].filter((p) => !sb.has(p)).length);
      const c = new DirtyBitmap(pages);
      c.copyFrom(a);
      assert.deepEqual(wordsOf(c), wordsOf(a));
      assert.equal(c.count(), a.count());
      c.or(b);
      const union = [...new Set([...sa, ...sb])].sort((x, y) => x - y);
      assert.deepEqual([...c], union);
      assert.equal(c.count(), union.length);
      assert.equal(c.recount(), union.length);
      a.swap(b);
      assert.deepEqual(new Set(a), sb);
      assert.deepEqual(new Set(b), sa);
      assert.throws(() => a.swap(new DirtyBitmap(pages + 1)), RangeError);
      assert.throws(() => a.or(new DirtyBitmap(pages - 1)), RangeError);
    });
  });

  it('handles a 64 GiB VM (16,777,216 pages, 2 MiB)', () => {
    const pages = (64 * 2 ** 30) / 4096;
    const b = new DirtyBitmap(pages);
    assert.equal(b.wordCount * 4, 2 * 2 ** 20);
    b.setRange(0, pages);
    assert.equal(b.count(), pages);
    assert.equal(b.recount(), pages);
    assert.ok(b.density().every((x) => x === 1));
    b.clearAll();
    const rng = new Random(64);
    const picked = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const p = rng.int(pages);
      picked.add(p);
      b.set(p);
    }
    assert.equal(b.count(), picked.size);
    assert.equal(b.recount(), picked.size);
    assert.deepEqual([...b], [...picked].sort((x, y) => x - y));
  });
});
