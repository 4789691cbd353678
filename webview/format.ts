/** How the dashboard writes numbers: simulated times, sizes, rates, page counts. */

const PAGE_SIZE = 4096;

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function fixed(n: number, digits: number): string {
  return n.toFixed(digits);
}

/** Simulated time as a clock: `00:12:34.5`. */
export function clock(t: number): string {
  if (!Number.isFinite(t) || t < 0) return '--:--:--';
  const tenths = Math.floor(t * 10 + 1e-6);
  const h = Math.floor(tenths / 36000);
  const m = Math.floor((tenths % 36000) / 600);
  const s = Math.floor((tenths % 600) / 10);
  const d = tenths % 10;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${d}`;
}

/** A short axis label for a simulated time: `2:30`, `1:02:30`. */
export function axisTime(t: number): string {
  const total = Math.round(t);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

/** A duration: `850 ms`, `1.23 s`, `2 min 05 s`. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 1) return `${fixed(seconds * 1000, seconds < 0.01 ? 1 : 0)} ms`;
  if (seconds < 60) return `${fixed(seconds, seconds < 10 ? 2 : 1)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return `${m} min ${String(s).padStart(2, '0')} s`;
}

/** Bytes in binary units, as memory is sized: `8.00 GiB`. */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${integer.format(v)} B` : `${fixed(v, v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[u]}`;
}

/** A network rate from bytes per second, in bits as links are rated: `812 Mbps`. */
export function bitRate(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  const units = ['bps', 'kbps', 'Mbps', 'Gbps', 'Tbps'];
  let v = bits;
  let u = 0;
  while (Math.abs(v) >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${fixed(v, v === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[u]}`;
}

/** A short axis label for a rate: `600M`. */
export function axisBitRate(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  if (bits >= 1e9) return `${+(bits / 1e9).toFixed(1)}G`;
  if (bits >= 1e6) return `${+(bits / 1e6).toFixed(0)}M`;
  if (bits >= 1e3) return `${+(bits / 1e3).toFixed(0)}k`;
  return `${bits}`;
}

export function count(n: number): string {
  return integer.format(n);
}

/** Pages with their size: `12,345 pages (48.2 MiB)`. */
export function pages(n: number): string {
  return `${integer.format(n)} ${n === 1 ? 'page' : 'pages'} (${bytes(n * PAGE_SIZE)})`;
}

/** A short axis label for a page count: `2.1M`, `35k`. */
export function axisCount(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(0)}k`;
  return String(n);
}

export function percent(fraction: number, digits = 0): string {
  return `${fixed(Math.max(0, Math.min(1, fraction)) * 100, digits)}%`;
}
