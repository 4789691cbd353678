/** Quantities back to the strings a user writes in a scenario, for reports and messages. */

function trim(n: number, digits: number): string {
  return Number(n.toFixed(digits)).toString();
}

/** 0.031 -> "31ms", 70.2 -> "70.2s", 312 -> "5m 12s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds === 0) return '0s';
  if (seconds < 1) return `${trim(seconds * 1000, seconds < 0.01 ? 2 : 1)}ms`;
  if (seconds < 120) return `${trim(seconds, seconds < 10 ? 2 : 1)}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts: string[] = [];
  if (h) parts.push(`${h}h`);
  if (m) parts.push(`${m}m`);
  if (s >= 0.05) parts.push(`${trim(s, 1)}s`);
  return parts.join(' ');
}

/** Simulated clock as hh:mm:ss(.mmm), the way the explorer's tooltips and the report show time. */
export function formatClock(seconds: number, millis = false): string {
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const pad = (x: number) => String(x).padStart(2, '0');
  const base = `${pad(h)}:${pad(m)}:${pad(s)}`;
  return millis ? `${base}.${String(Math.floor((seconds - whole) * 1000)).padStart(3, '0')}` : base;
}

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 8589934592 -> "8GiB", 12582912 -> "12MiB", 1536 -> "1.5KiB". */
export function formatBytes(bytes: number): string {
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < BINARY.length - 1) {
    v /= 1024;
    i++;
  }
  return `${trim(v, v < 10 ? 2 : 1)}${BINARY[i]}`;
}

/** Bytes per second -> the bit rate network people quote: 125e6 -> "1Gbps". */
export function formatBitRate(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  if (bits >= 1e9) return `${trim(bits / 1e9, 2)}Gbps`;
  if (bits >= 1e6) return `${trim(bits / 1e6, 1)}Mbps`;
  if (bits >= 1e3) return `${trim(bits / 1e3, 1)}Kbps`;
  return `${trim(bits, 0)}bps`;
}
