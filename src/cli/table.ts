/** A number, with the units of src/format/quantities.ts: "12,345", "45%", "1.5 s", "5 min 12 s", "812 Mbps". */
const NUMBER_WITH_UNIT = /^-?\d[\d.,]*(%| (ms|s|min|h|B|KiB|MiB|GiB|TiB|bps|kbps|Mbps|Gbps|Tbps))?( \d[\d.,]* (min|s))*$/;

/** Left-aligned text columns, numbers right-aligned, for the terminal report. */
export function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  if (rows.length === 0) return [];
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const numeric = (s: string) => s === '-' || NUMBER_WITH_UNIT.test(s);
  return rows.map((row, r) =>
    (
      indent +
      row
        .map((cell, i) => {
          const last = i === row.length - 1;
          if (r > 0 && numeric(cell)) return cell.padStart(widths[i]);
          return last ? cell : cell.padEnd(widths[i]);
        })
        .join('  ')
    ).trimEnd(),
  );
}
