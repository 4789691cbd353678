// The one notation of every view (CLI report, Cluster Explorer, dashboard, messages).
import { strict as assert } from 'node:assert';
import {
  formatAxisBitRate,
  formatAxisCount,
  formatAxisTime,
  formatBitRate,
  formatBytes,
  formatClock,
  formatCount,
  formatDuration,
  formatPages,
  formatPercent,
} from '../../../src/format/quantities';

describe('format: quantities as every view writes them', () => {
  it('durations: SI symbols after a space, minutes and hours past two minutes', () => {
    assert.equal(formatDuration(0), '0 s');
    assert.equal(formatDuration(0.031), '31 ms');
    assert.equal(formatDuration(0.0045), '4.5 ms');
    assert.equal(formatDuration(0.3), '300 ms');
    assert.equal(formatDuration(1.234), '1.23 s');
    assert.equal(formatDuration(70.2), '70.2 s');
    assert.equal(formatDuration(119.9), '119.9 s');
    assert.equal(formatDuration(120), '2 min');
    assert.equal(formatDuration(312), '5 min 12 s');
    assert.equal(formatDuration(312.46), '5 min 12.5 s');
    assert.equal(formatDuration(3900), '1 h 5 min');
    assert.equal(formatDuration(7200), '2 h');
    assert.equal(formatDuration(Infinity), '–');
  });

  it('clock: hh:mm:ss with 0, 1 or 3 decimals, truncated (a clock never shows a time not yet reached)', () => {
    assert.equal(formatClock(0), '00:00:00');
    assert.equal(formatClock(754.56), '00:12:34');
    assert.equal(formatClock(754.56, 1), '00:12:34.5');
    assert.equal(formatClock(1.001, 3), '00:00:01.001');
    assert.equal(formatClock(3600 * 27 + 5), '27:00:05');
    assert.equal(formatClock(NaN), '--:--:--');
    assert.equal(formatClock(-1, 1), '--:--:--');
  });

  it('sizes in binary units, up to two decimals', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(123), '123 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(512 * 2 ** 20), '512 MiB');
    assert.equal(formatBytes(8 * 2 ** 30), '8 GiB');
    assert.equal(formatBytes(3.75 * 2 ** 30), '3.75 GiB');
    assert.equal(formatBytes(56.25 * 2 ** 30), '56.25 GiB');
    assert.equal(formatBytes(1.5 * 2 ** 40), '1.5 TiB');
  });

  it('rates in bits per second with SI prefixes (kbps, Mbps, Gbps), three significant digits', () => {
    assert.equal(formatBitRate(0), '0 bps');
    assert.equal(formatBitRate(100), '800 bps');
    assert.equal(formatBitRate(1200), '9.6 kbps');
    assert.equal(formatBitRate(12.5e6), '100 Mbps');
    assert.equal(formatBitRate(101.5e6), '812 Mbps');
    assert.equal(formatBitRate(125e6), '1 Gbps');
    assert.equal(formatBitRate(156.25e6), '1.25 Gbps');
    assert.equal(formatBitRate(1.25e9), '10 Gbps');
  });

  it('counts, pages, percentages', () => {
    assert.equal(formatCount(2097152), '2,097,152');
    assert.equal(formatPages(1), '1 page (4 KiB)');
    assert.equal(formatPages(12345), '12,345 pages (48.22 MiB)');
    assert.equal(formatPercent(0.453), '45%');
    assert.equal(formatPercent(0.4567, 1), '45.7%');
    assert.equal(formatPercent(1.2), '100%');
  });

  it('counts: whole numbers grouped by hand exactly as en-US NumberFormat groups them, anything else by NumberFormat', () => {
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    const values = [0, 1, 12, 123, 999, 1000, 1234, 12345, 100000, 123456, 999999, 1000000, 8000, -1, -999, -1000, -123456789, 2 ** 53 - 1, -(2 ** 53 - 1)];
    // Every length of number, both signs, from a fixed sequence (no Math.random in tests that must replay).
    let x = 1;
    for (let i = 0; i < 2000; i++) {
      x = (x * 48271) % 2147483647;
      values.push(Math.floor((x / 2147483647) * 10 ** (i % 16)) * (i % 2 ? -1 : 1));
    }
    // The ones NumberFormat keeps: fractions rounded half away from zero, -0, beyond 2^53, not finite.
    values.push(2.5, -2.5, 1234.5, 0.4, -0, 2 ** 53, 1e21, Number.NaN, Number.POSITIVE_INFINITY);
    for (const n of values) assert.equal(formatCount(n), intl.format(n), String(n));
  });

  it('chart axis labels: short', () => {
    assert.equal(formatAxisTime(150), '2:30');
    assert.equal(formatAxisTime(3750), '1:02:30');
    assert.equal(formatAxisBitRate(75e6), '600M');
    assert.equal(formatAxisBitRate(187.5e6), '1.5G');
    assert.equal(formatAxisBitRate(1000), '8k');
    assert.equal(formatAxisCount(2_100_000), '2.1M');
    assert.equal(formatAxisCount(35_000), '35k');
    assert.equal(formatAxisCount(999), '999');
  });
});
