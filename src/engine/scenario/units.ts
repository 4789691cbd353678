/**
 * Quantities in a scenario file are strings with a unit ("250ms", "8GiB", "1Gbps", "5000 pages/s")
 * so that nobody has to guess whether 30 means seconds or milliseconds. This module is the one
 * place that knows the units: it parses them to SI base units (seconds, bytes, bytes per second)
 * and it builds the regular expressions the JSON Schema uses, so the editor and the loader accept
 * exactly the same strings (a unit test compares the schema's patterns with QUANTITY_PATTERNS).
 *
 * Units are case-sensitive as written: "Mbps" and "MB/s" differ by a factor of 8, and "mb" could be
 * either, so guessing would hide a real mistake. A wrong case gets a "did you mean" instead.
 */
import { PAGE_SIZE } from './model';
import { didYouMean } from './suggest';

export type QuantityKind = 'time' | 'size' | 'bandwidth' | 'memoryWrites';

export type UnitResult =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly message: string; readonly hint: string };

/** value = number * mul / div; dividing (rather than multiplying by 0.001 or 0.125) keeps "250ms" exact. */
interface Unit {
  readonly unit: string;
  readonly mul: number;
  readonly div: number;
}

const u = (unit: string, mul: number, div = 1): Unit => ({ unit, mul, div });

const TIME_UNITS: readonly Unit[] = [u('ms', 1, 1000), u('s', 1), u('m', 60), u('h', 3600)];

const SIZE_UNITS: readonly Unit[] = [
  u('B', 1),
  u('KB', 1e3),
  u('MB', 1e6),
  u('GB', 1e9),
  u('TB', 1e12),
  u('KiB', 2 ** 10),
  u('MiB', 2 ** 20),
  u('GiB', 2 ** 30),
  u('TiB', 2 ** 40),
];

/** Bytes per second: every size unit followed by "/s". */
const BYTE_RATE_UNITS: readonly Unit[] = SIZE_UNITS.map((s) => u(`${s.unit}/s`, s.mul, s.div));

/**
 * Bits per second, as network links are sold; 8 bits to the byte. "kbps" (SI's lower-case kilo, as
 * the views write it) and "Kbps" (as link speeds are often written) mean the same.
 */
const BIT_RATE_UNITS: readonly Unit[] = [u('bps', 1, 8), u('kbps', 1e3, 8), u('Kbps', 1e3, 8), u('Mbps', 1e6, 8), u('Gbps', 1e9, 8), u('Tbps', 1e12, 8)];

/** A rate of memory writes: each write dirties one 4 KiB page, so pages per second is natural too. */
const PAGE_RATE_UNITS: readonly Unit[] = [u('pages/s', PAGE_SIZE)];

const UNITS: Readonly<Record<QuantityKind, readonly Unit[]>> = {
  time: TIME_UNITS,
  size: SIZE_UNITS,
  bandwidth: [...BIT_RATE_UNITS, ...BYTE_RATE_UNITS],
  // Bits per second are left out on purpose: nobody measures memory writes in bits.
  memoryWrites: [...BYTE_RATE_UNITS, ...PAGE_RATE_UNITS],
};

/** The unit names accepted for each kind, in the order above (for docs and tests). */
export const UNIT_NAMES: Readonly<Record<QuantityKind, readonly string[]>> = {
  time: UNITS.time.map((x) => x.unit),
  size: UNITS.size.map((x) => x.unit),
  bandwidth: UNITS.bandwidth.map((x) => x.unit),
  memoryWrites: UNITS.memoryWrites.map((x) => x.unit),
};

/** What a valid value looks like; shown after "Expected" in every message about a quantity. */
export const QUANTITY_HINTS: Readonly<Record<QuantityKind, string>> = {
  time: 'a time such as "250ms", "10s", "5m" or "1h"',
  size: 'a size such as "512MiB", "8GiB", "2TiB" (binary) or "500MB" (decimal)',
  bandwidth: 'a bandwidth such as "1Gbps", "100Mbps" (bits per second) or "250MB/s", "256MiB/s" (bytes per second)',
  memoryWrites: 'a rate of memory writes such as "40MB/s" or "5000 pages/s"',
};

const KIND_NOUN: Readonly<Record<QuantityKind, string>> = {
  time: 'a time',
  size: 'a size',
  bandwidth: 'a bandwidth',
  memoryWrites: 'a rate of memory writes',
};

/**
 * A non-negative decimal without exponent or sign ("0.5", "250"), at most one space, a unit.
 * Written for ECMA-262 regular expressions with or without the `u` flag (ajv and VS Code differ).
 */
const NUMBER = '[0-9]+(\\.[0-9]+)?';

function pattern(units: readonly Unit[]): string {
  // Regex-escape the unit names ("/" needs none, but "." or "+" would).
  const alts = units.map((x) => x.unit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return `^${NUMBER} ?(${alts.join('|')})$`;
}

/** The `pattern` of each quantity kind in schemas/scenario.schema.json; they must stay identical. */
export const QUANTITY_PATTERNS: Readonly<Record<QuantityKind, string>> = {
  time: pattern(UNITS.time),
  size: pattern(UNITS.size),
  bandwidth: pattern(UNITS.bandwidth),
  memoryWrites: pattern(UNITS.memoryWrites),
};

const STRICT: Readonly<Record<QuantityKind, RegExp>> = {
  time: new RegExp(QUANTITY_PATTERNS.time),
  size: new RegExp(QUANTITY_PATTERNS.size),
  bandwidth: new RegExp(QUANTITY_PATTERNS.bandwidth),
  memoryWrites: new RegExp(QUANTITY_PATTERNS.memoryWrites),
};

/**
 * Spellings people write that are not ours, mapped to the unit they meant. Checked before the
 * generic did-you-mean so that "sec" suggests "s" rather than nothing.
 */
const ALIASES: Readonly<Record<QuantityKind, Readonly<Record<string, string>>>> = {
  time: {
    msec: 'ms', msecs: 'ms', millisecond: 'ms', milliseconds: 'ms',
    sec: 's', secs: 's', second: 's', seconds: 's',
    min: 'm', mins: 'm', minute: 'm', minutes: 'm',
    hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  },
  size: { k: 'KiB', K: 'KiB', M: 'MiB', G: 'GiB', T: 'TiB', bytes: 'B', byte: 'B' },
  bandwidth: {
    'b/s': 'bps', 'Kb/s': 'Kbps', 'Mb/s': 'Mbps', 'Gb/s': 'Gbps', 'Tb/s': 'Tbps',
    Bps: 'B/s', KBps: 'KB/s', MBps: 'MB/s', GBps: 'GB/s',
  },
  memoryWrites: { 'page/s': 'pages/s', pages: 'pages/s', 'pages/sec': 'pages/s', MBps: 'MB/s', KBps: 'KB/s' },
};

function fail(message: string, hint: string): UnitResult {
  return { ok: false, message, hint };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}

/** The kind whose units include `unit`, other than `kind` (to say "is a size, not a time"). */
function otherKindOf(unit: string, kind: QuantityKind): QuantityKind | undefined {
  const order: QuantityKind[] = ['time', 'size', 'bandwidth', 'memoryWrites'];
  return order.find((k) => k !== kind && UNIT_NAMES[k].includes(unit));
}

/** Parses one quantity of the given kind; never throws, whatever `raw` is. */
export function parseQuantity(kind: QuantityKind, raw: unknown): UnitResult {
  const hint = QUANTITY_HINTS[kind];
  const noun = KIND_NOUN[kind];
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail(`${describe(raw)} is not a finite number, and it has no unit`, hint);
    return fail(`${raw} is a number without a unit: write ${noun} as a string with its unit`, hint);
  }
  if (typeof raw !== 'string') return fail(`expected ${noun} written as a string with a unit, found ${describe(raw)}`, hint);
  if (raw.trim() === '') return fail(`empty value: expected ${noun}`, hint);

  const known = PARSED[kind].get(raw);
  if (known) return known;
  const strict = STRICT[kind].exec(raw);
  if (strict) {
    const number = raw.slice(0, raw.length - strict[2].length).trimEnd();
    const unit = UNITS[kind].find((x) => x.unit === strict[2]);
    // Cannot be missing (the pattern is built from the same list); checked to stay total.
    if (!unit) return fail(`unknown unit "${strict[2]}"`, hint);
    const exact = (Number(number) * unit.mul) / unit.div;
    // A fraction of a byte means nothing; "0.5KiB" is still exactly 512.
    const value = kind === 'size' ? Math.round(exact) : exact;
    if (!Number.isFinite(value)) return fail(`"${raw}" is too large to be a finite number`, hint);
    return remember(kind, raw, { ok: true, value });
  }
  return diagnose(kind, raw);
}

/**
 * Valid quantities already read, by kind and text: a large file repeats the same few ("8GiB",
 * "40GiB") thousands of times. The results are frozen, as they are shared; each table is emptied
 * when it grows past a bound, so a file of a million different quantities costs no more memory.
 */
const PARSED: Record<QuantityKind, Map<string, UnitResult>> = { time: new Map(), size: new Map(), bandwidth: new Map(), memoryWrites: new Map() };
const PARSED_MAX = 4096;

function remember(kind: QuantityKind, raw: string, result: UnitResult): UnitResult {
  const table = PARSED[kind];
  if (table.size >= PARSED_MAX) table.clear();
  table.set(raw, Object.freeze(result));
  return result;
}

/** Says what is wrong with a string that does not match the kind's pattern. */
function diagnose(kind: QuantityKind, raw: string): UnitResult {
  const hint = QUANTITY_HINTS[kind];
  const noun = KIND_NOUN[kind];
  const shown = `"${raw}"`;
  if (raw !== raw.trim()) return fail(`${shown} has spaces before or after it`, hint);
  if (/^[+-]?(nan|inf(inity)?)/i.test(raw)) return fail(`${shown} is not a finite number`, hint);
  if (raw.startsWith('-')) return fail(`${shown} is negative: ${noun} cannot be below zero`, hint);

  const m = /^(\+?)(\d*\.?\d*)([eE][+-]?\d+)?(\s*)(.*)$/.exec(raw);
  if (!m || !/\d/.test(m[2])) return fail(`${shown} does not start with a number`, hint);
  const [, sign, digits, exponent, space, unit] = m;
  if (sign) return fail(`${shown}: write the number without a "+" sign`, hint);
  if (exponent) return fail(`${shown}: write the number without an exponent`, hint);
  if (!/^\d+(\.\d+)?$/.test(digits)) return fail(`${shown}: write the number with digits on both sides of the decimal point, e.g. "0.5"`, hint);
  if (unit === '') return fail(`${shown} has no unit`, hint);
  if (space !== '' && space !== ' ') return fail(`${shown}: put at most one space between the number and the unit`, hint);

  const known = UNIT_NAMES[kind];
  const sample = (good: string): string => `${noun} such as "${digits}${good}"`;
  // hasOwn, not a plain lookup: a unit spelt "constructor" must not find Object.prototype's.
  const alias = Object.hasOwn(ALIASES[kind], unit) ? ALIASES[kind][unit] : undefined;
  if (alias !== undefined) return fail(`unknown unit "${unit}" in ${shown}; did you mean "${alias}"?`, sample(alias));
  const caseOnly = known.find((k) => k.toLowerCase() === unit.toLowerCase());
  if (caseOnly !== undefined) {
    return fail(`unknown unit "${unit}" in ${shown}; did you mean "${caseOnly}"? (units are case-sensitive)`, sample(caseOnly));
  }
  if (kind === 'bandwidth' && known.includes(`${unit}/s`)) {
    return fail(`"${unit}" in ${shown} is a size, not a bandwidth; did you mean "${unit}/s"?`, sample(`${unit}/s`));
  }
  if (kind === 'memoryWrites' && UNIT_NAMES.bandwidth.includes(unit)) {
    return fail(`${shown} is in bits per second; memory writes are counted in bytes or pages per second`, hint);
  }
  const other = otherKindOf(unit, kind);
  if (other !== undefined) return fail(`${shown} is ${KIND_NOUN[other]}, not ${noun}`, hint);
  const close = didYouMean(unit, known);
  if (close !== undefined) return fail(`unknown unit "${unit}" in ${shown}; did you mean "${close}"?`, sample(close));
  return fail(`unknown unit "${unit}" in ${shown}`, hint);
}

export const parseTime = (raw: unknown): UnitResult => parseQuantity('time', raw);
export const parseSize = (raw: unknown): UnitResult => parseQuantity('size', raw);
export const parseBandwidth = (raw: unknown): UnitResult => parseQuantity('bandwidth', raw);
export const parseMemoryWrites = (raw: unknown): UnitResult => parseQuantity('memoryWrites', raw);
