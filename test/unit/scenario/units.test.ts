import { strict as assert } from 'node:assert';
import {
  QUANTITY_HINTS,
  QUANTITY_PATTERNS,
  UNIT_NAMES,
  parseBandwidth,
  parseMemoryWrites,
  parseQuantity,
  parseSize,
  parseTime,
  type QuantityKind,
  type UnitResult,
} from '../../../src/engine/scenario/units';

function value(r: UnitResult): number {
  if (!r.ok) assert.fail(`expected a value, got error: ${r.message}`);
  return r.value;
}

function error(r: UnitResult): { message: string; hint: string } {
  if (r.ok) assert.fail(`expected an error, got ${r.value}`);
  return r;
}

const KINDS: QuantityKind[] = ['time', 'size', 'bandwidth', 'memoryWrites'];

describe('units: parsing quantities', () => {
  describe('time -> seconds', () => {
    const cases: [string, number][] = [
      ['250ms', 0.25],
      ['1ms', 0.001],
      ['0.5ms', 0.0005],
      ['10s', 10],
      ['0.5s', 0.5],
      ['0s', 0],
      ['5m', 300],
      ['1.5m', 90],
      ['1h', 3600],
      ['0.25h', 900],
      ['30 s', 30],
    ];
    for (const [text, seconds] of cases) {
      it(`"${text}" = ${seconds} s`, () => assert.equal(value(parseTime(text)), seconds));
    }
  });

  describe('size -> bytes', () => {
    const cases: [string, number][] = [
      ['1B', 1],
      ['4KiB', 4 * 1024],
      ['512MiB', 512 * 2 ** 20],
      ['8GiB', 8 * 2 ** 30],
      ['2TiB', 2 * 2 ** 40],
      ['500KB', 500e3],
      ['500MB', 500e6],
      ['1GB', 1e9],
      ['3TB', 3e12],
      ['0.5KiB', 512],
      ['1.5GiB', 1.5 * 2 ** 30],
      ['8 GB', 8e9],
    ];
    for (const [text, bytes] of cases) {
      it(`"${text}" = ${bytes} bytes`, () => assert.equal(value(parseSize(text)), bytes));
    }
    it('rounds to whole bytes', () => {
      assert.equal(value(parseSize('0.3KB')), 300);
      assert.equal(value(parseSize('1.4B')), 1);
      assert.equal(value(parseSize('0.001KiB')), 1);
    });
  });

  describe('bandwidth -> bytes per second', () => {
    const cases: [string, number][] = [
      ['8bps', 1],
      ['8Kbps', 1000],
      ['8kbps', 1000],
      ['9.6 kbps', 1200],
      ['100Mbps', 12.5e6],
      ['1Gbps', 125e6],
      ['10Gbps', 1.25e9],
      ['1Tbps', 125e9],
      ['1B/s', 1],
      ['5KB/s', 5e3],
      ['250MB/s', 250e6],
      ['2GB/s', 2e9],
      ['1TB/s', 1e12],
      ['4KiB/s', 4096],
      ['256MiB/s', 256 * 2 ** 20],
      ['1GiB/s', 2 ** 30],
      ['1TiB/s', 2 ** 40],
      ['1 Gbps', 125e6],
    ];
    for (const [text, rate] of cases) {
      it(`"${text}" = ${rate} B/s`, () => assert.equal(value(parseBandwidth(text)), rate));
    }
  });

  describe('memory writes -> bytes per second', () => {
    const cases: [string, number][] = [
      ['40MB/s', 40e6],
      ['256MiB/s', 256 * 2 ** 20],
      ['1KiB/s', 1024],
      ['10B/s', 10],
      ['5000 pages/s', 5000 * 4096],
      ['1pages/s', 4096],
      ['0.5 pages/s', 2048],
    ];
    for (const [text, rate] of cases) {
      it(`"${text}" = ${rate} B/s`, () => assert.equal(value(parseMemoryWrites(text)), rate));
    }
    it('does not take bits per second', () => {
      const e = error(parseMemoryWrites('100Mbps'));
      assert.match(e.message, /bits per second/);
      assert.equal(e.hint, QUANTITY_HINTS.memoryWrites);
    });
  });

  it('accepts every unit it lists, for every kind', () => {
    for (const kind of KINDS) {
      for (const unit of UNIT_NAMES[kind]) {
        assert.ok(parseQuantity(kind, `3${unit}`).ok, `${kind} 3${unit}`);
        assert.ok(parseQuantity(kind, `3 ${unit}`).ok, `${kind} "3 ${unit}"`);
        assert.ok(parseQuantity(kind, `0.25${unit}`).ok, `${kind} 0.25${unit}`);
      }
    }
  });

  describe('bad values say what is wrong and what a valid value looks like', () => {
    for (const kind of KINDS) {
      it(`${kind}: no unit, unknown unit, negative, non-finite, empty, not a string`, () => {
        const hint = QUANTITY_HINTS[kind];
        const check = (raw: unknown, message: RegExp): void => {
          const e = error(parseQuantity(kind, raw));
          assert.match(e.message, message, `${JSON.stringify(raw)}: ${e.message}`);
          assert.ok(e.hint.length > 0);
          if (!/did you mean/.test(e.message)) assert.equal(e.hint, hint, `hint for ${JSON.stringify(raw)}`);
        };
        check('30', /"30" has no unit/);
        check(30, /30 is a number without a unit/);
        check(0, /number without a unit/);
        check(-5, /number without a unit/);
        check(Infinity, /not a finite number/);
        check(NaN, /not a finite number/);
        check('5furlongs', /unknown unit "furlongs" in "5furlongs"/);
        check('-5' + UNIT_NAMES[kind][0], /is negative/);
        check('NaN' + UNIT_NAMES[kind][0], /not a finite number/);
        check('Infinity', /not a finite number/);
        check('-Infinity', /not a finite number/);
        check('inf' + UNIT_NAMES[kind][0], /not a finite number/);
        check('', /empty value/);
        check('   ', /empty value/);
        check(null, /found null/);
        check(true, /found true/);
        check({}, /found an object/);
        check([], /found a list/);
        check('abc', /does not start with a number/);
        check('1e3' + UNIT_NAMES[kind][0], /without an exponent/);
        check('+5' + UNIT_NAMES[kind][0], /without a "\+" sign/);
        check('.5' + UNIT_NAMES[kind][0], /digits on both sides/);
        check('5.' + UNIT_NAMES[kind][0], /digits on both sides/);
        check(' 5' + UNIT_NAMES[kind][0], /spaces before or after/);
        check('5' + UNIT_NAMES[kind][0] + ' ', /spaces before or after/);
        check('5  ' + UNIT_NAMES[kind][0], /at most one space/);
        check('5\t' + UNIT_NAMES[kind][0], /at most one space/);
        check(`${'9'.repeat(400)}${UNIT_NAMES[kind][0]}`, /too large/);
        check('5constructor', /unknown unit "constructor"/);
      });
    }

    it('names the right spelling when only the case is wrong', () => {
      const cases: [QuantityKind, string, string][] = [
        ['size', '8gib', 'GiB'],
        ['size', '8GIB', 'GiB'],
        ['size', '500mb', 'MB'],
        ['time', '10S', 's'],
        ['time', '250MS', 'ms'],
        ['bandwidth', '1gbps', 'Gbps'],
        ['bandwidth', '1GBPS', 'Gbps'],
        ['bandwidth', '256mib/s', 'MiB/s'],
        ['memoryWrites', '5000 Pages/s', 'pages/s'],
      ];
      for (const [kind, raw, right] of cases) {
        const e = error(parseQuantity(kind, raw));
        assert.match(e.message, new RegExp(`did you mean "${right.replace('/', '\\/')}"\\? \\(units are case-sensitive\\)`), raw);
        assert.ok(e.hint.includes(`"${raw.replace(/[^\d. ]+$/, '').trim()}${right}"`), `${raw}: hint ${e.hint}`);
      }
    });

    it('suggests our spelling of common other spellings', () => {
      assert.match(error(parseTime('10sec')).message, /did you mean "s"/);
      assert.match(error(parseTime('5min')).message, /did you mean "m"/);
      assert.match(error(parseTime('2hours')).message, /did you mean "h"/);
      assert.match(error(parseBandwidth('1Gb/s')).message, /did you mean "Gbps"/);
      assert.match(error(parseBandwidth('250MB')).message, /is a size, not a bandwidth; did you mean "MB\/s"/);
      assert.match(error(parseSize('8G')).message, /did you mean "GiB"/);
      assert.match(error(parseMemoryWrites('100 page/s')).message, /did you mean "pages\/s"/);
      assert.match(error(parseSize('8GiBs')).message, /did you mean "GiB"/);
    });

    it('says when a value is of another kind', () => {
      assert.match(error(parseTime('8GiB')).message, /"8GiB" is a size, not a time/);
      assert.match(error(parseSize('10s')).message, /"10s" is a time, not a size/);
      assert.match(error(parseSize('1Gbps')).message, /is a bandwidth, not a size/);
      assert.match(error(parseBandwidth('5000 pages/s')).message, /is a rate of memory writes, not a bandwidth/);
    });
  });

  describe('the patterns the schema uses', () => {
    it('match exactly the strings the parser accepts', () => {
      const samples = [
        '250ms', '0.5s', '5m', '1h', '8GiB', '8 GiB', '8  GiB', '500MB', '1Gbps', '256MiB/s', '5000 pages/s', '40MB/s',
        '8gib', '30', '', ' 5s', '5s ', '-5s', '+5s', '.5s', '5.s', '1e3ms', 'NaN', 'Infinity', '5 pages/s', '1bps', '1Tbps',
        '5\ts', '5xyz', '10sec', '1Gb/s', '1.25Gbps', '0B', '0ms',
      ];
      for (const kind of KINDS) {
        for (const flags of ['', 'u']) {
          const re = new RegExp(QUANTITY_PATTERNS[kind], flags);
          for (const s of samples) {
            assert.equal(re.test(s), parseQuantity(kind, s).ok, `${kind} /${flags}: ${JSON.stringify(s)}`);
          }
        }
      }
    });

    it('are anchored and list every unit', () => {
      for (const kind of KINDS) {
        const p = QUANTITY_PATTERNS[kind];
        assert.ok(p.startsWith('^') && p.endsWith('$'), p);
        for (const unit of UNIT_NAMES[kind]) assert.ok(p.includes(unit), `${kind} pattern lists ${unit}`);
      }
    });
  });
});
