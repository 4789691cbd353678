/**
 * Quantities as a scenario file writes them: what "Save as Scenario" writes back, and the values
 * the loader's messages suggest, so they can be pasted. Unlike the views' notation
 * (quantities.ts), which rounds for reading, these give strings that parse back to the same value
 * (or to the value rounded to the millisecond, for times), in the units docs/scenario-format.md uses. Pure.
 */
import { parseQuantity, type QuantityKind } from '../engine/scenario/units';

/** Up to `digits` decimals, without trailing zeros: 95.25, 20, 0.001. */
function decimal(n: number, digits: number): string {
  return Number(n.toFixed(digits)).toString();
}

/** Seconds rounded to the millisecond: "95.25s", "250ms", "0s"; "5m" and "1h" when whole. */
export function formatTimeForScenario(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  if (ms === 0) return '0s';
  if (ms % 60_000 === 0 && ms >= 60_000) {
    return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${ms / 60_000}m`;
  }
  if (ms < 1000) return `${ms}ms`;
  return `${decimal(ms / 1000, 3)}s`;
}

const SIZE_UNITS: readonly [string, number][] = [
  ['TiB', 2 ** 40],
  ['GiB', 2 ** 30],
  ['MiB', 2 ** 20],
  ['KiB', 2 ** 10],
  ['TB', 1e12],
  ['GB', 1e9],
  ['MB', 1e6],
  ['KB', 1e3],
];

/** The shortest exact spelling among the units, e.g. 2 GiB -> "2GiB", 40e6 -> "40MB", 1536 -> "1.5KiB". */
function exact(value: number, kind: QuantityKind, suffix: string): string {
  let best: string | null = null;
  for (const [unit, mul] of SIZE_UNITS) {
    if (Math.abs(value) < mul) continue;
    const text = `${decimal(value / mul, 6)}${unit}${suffix}`;
    const back = parseQuantity(kind, text);
    if (back.ok && back.value === value && (best === null || text.length < best.length)) best = text;
  }
  return best ?? `${decimal(value, 6)}B${suffix}`;
}

/** Bytes as a size a scenario accepts: "8GiB", "500MB", "1.5KiB", "123B". */
export function formatSizeForScenario(bytes: number): string {
  return exact(Math.round(bytes), 'size', '');
}

/** Bytes per second as a rate a scenario accepts: "40MB/s", "256MiB/s". */
export function formatByteRateForScenario(bytesPerSecond: number): string {
  return exact(bytesPerSecond, 'memoryWrites', '/s');
}
