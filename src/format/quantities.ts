/**
 * How every view writes a quantity: the CLI report, the Cluster Explorer, the dashboard, and the
 * engine's messages. One notation, the one Windows and Failover Cluster Manager use: a space
 * between number and unit ("31 ms", "8 GiB", "1 Gbps"), memory and disk sizes in binary units
 * (KiB, MiB, GiB), network rates in bits per second with SI prefixes (kbps, Mbps, Gbps).
 *
 * Pure (no Node.js, no DOM): the webview bundle imports it too. Strings written back into a
 * scenario file are another matter: src/extension/commands/logic/scenarioUnits.ts.
 */
import { PAGE_SIZE } from '../engine/scenario/model';

// Made on first use: creating a NumberFormat loads ICU's locale data, about 12 ms of CPU, which
// every CLI start and extension activation paid at load time though most never format a count.
let grouped: Intl.NumberFormat | undefined;

/** Up to `digits` decimals, without trailing zeros: 95.25, 20, 0.5. */
function trim(n: number, digits: number): string {
  const s = Number(n.toFixed(digits)).toString();
  return s === '-0' ? '0' : s;
}

/** 0.031 -> "31 ms", 70.2 -> "70.2 s", 312 -> "5 min 12 s", 3900 -> "1 h 5 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds === 0) return '0 s';
  if (Math.abs(seconds) < 1) return `${trim(seconds * 1000, Math.abs(seconds) < 0.01 ? 2 : 1)} ms`;
  if (Math.abs(seconds) < 120) return `${trim(seconds, Math.abs(seconds) < 10 ? 2 : 1)} s`;
  const tenths = Math.round(seconds * 10);
  const h = Math.floor(tenths / 36000);
  const m = Math.floor((tenths % 36000) / 600);
  const s = (tenths % 600) / 10;
  const parts: string[] = [];
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s) parts.push(`${trim(s, 1)} s`);
  return parts.join(' ');
}

/**
 * Simulated time on a clock, hh:mm:ss with `decimals` (0, 1 or 3) fractional digits:
 * 754.5 -> "00:12:34", or "00:12:34.5" with 1. A time that is not one shows "--:--:--".
 */
export function formatClock(seconds: number, decimals: 0 | 1 | 3 = 0): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--:--';
  const scale = 10 ** decimals;
  // The epsilon keeps 1.001 s at 1.001 (1.001 * 1000 is 1000.9999999999999).
  const units = Math.floor(seconds * scale + 1e-6);
  const whole = Math.floor(units / scale);
  const pad = (x: number) => String(x).padStart(2, '0');
  const base = `${pad(Math.floor(whole / 3600))}:${pad(Math.floor((whole % 3600) / 60))}:${pad(whole % 60)}`;
  return decimals === 0 ? base : `${base}.${String(units % scale).padStart(decimals, '0')}`;
}

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes in binary units, as memory and disks are sized: 8589934592 -> "8 GiB", 1536 -> "1.5 KiB". */
export function formatBytes(bytes: number): string {
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < BINARY.length - 1) {
    v /= 1024;
    i++;
  }
  return `${trim(v, 2)} ${BINARY[i]}`;
}

const BIT_RATES = ['bps', 'kbps', 'Mbps', 'Gbps', 'Tbps'];

/** Bytes per second as the bit rate links are rated in, three significant digits: 125e6 -> "1 Gbps", 101.5e6 -> "812 Mbps". */
export function formatBitRate(bytesPerSecond: number): string {
  let v = bytesPerSecond * 8;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < BIT_RATES.length - 1) {
    v /= 1000;
    i++;
  }
  return `${trim(v, Math.abs(v) < 10 ? 2 : Math.abs(v) < 100 ? 1 : 0)} ${BIT_RATES[i]}`;
}

/** A count with thousands separators: 12345 -> "12,345". */
export function formatCount(n: number): string {
  // A whole number (what counts are) is grouped by hand, exactly as en-US groups it, without
  // paying for a NumberFormat; anything else (a fraction to round, -0, NaN, 1e21) goes to Intl.
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) {
    const digits = String(Math.abs(n));
    let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
    for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
    return n < 0 ? `-${out}` : out;
  }
  grouped ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  return grouped.format(n);
}

/** Pages with their size: "12,345 pages (48.22 MiB)". */
export function formatPages(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'page' : 'pages'} (${formatBytes(n * PAGE_SIZE)})`;
}

/** A fraction (clamped to 0..1) as a percentage: 0.453 -> "45%". */
export function formatPercent(fraction: number, digits = 0): string {
  return `${(Math.max(0, Math.min(1, fraction)) * 100).toFixed(digits)}%`;
}

/** A chart axis label for a simulated time: "2:30", "1:02:30". */
export function formatAxisTime(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

/** A chart axis label for a rate, in bits per second with its prefix only: "600M", "1.5G". */
export function formatAxisBitRate(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  if (bits >= 1e9) return `${trim(bits / 1e9, 1)}G`;
  if (bits >= 1e6) return `${trim(bits / 1e6, 0)}M`;
  if (bits >= 1e3) return `${trim(bits / 1e3, 0)}k`;
  return `${bits}`;
}

/** A chart axis label for a count: "2.1M", "35k". */
export function formatAxisCount(n: number): string {
  if (n >= 1e6) return `${trim(n / 1e6, 1)}M`;
  if (n >= 1e3) return `${trim(n / 1e3, 0)}k`;
  return String(n);
}
