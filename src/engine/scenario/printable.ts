/**
 * Text from a scenario file (a name, a key, a reason that quotes one) reaches terminals, CI logs
 * and editors' output panes. A control character in it would act there: an escape sequence
 * recolours or rewrites the terminal, a line break or U+2028/9 splits one message into two lines
 * for tools that read line by line, a bidirectional override makes the rest of the line read
 * backwards. Every line the CLI prints goes through `printable`, which writes each such character
 * as a `\uXXXX` escape (the form JSON uses too, so JSON text stays JSON).
 */

// C0 controls, DEL and C1 controls, line and paragraph separators, bidirectional embeddings,
// overrides and isolates.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One line of text, safe to print: every control character written as `\uXXXX`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escape);
}

/**
 * A value as JSON text, safe to print. JSON.stringify escapes U+0000-U+001F inside strings but
 * not DEL, C1, U+2028/9 or the bidirectional controls; those can only be inside strings, so
 * escaping them keeps the text valid JSON of the same value. Its line breaks (between entries,
 * with `indent`) stay line breaks.
 */
export function printableJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).split('\n').map(printable).join('\n');
}

/** A copy of plain data (a report) with every string in it made printable. */
export function printableData<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => printableData(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = printableData(v);
    return out as T;
  }
  return value;
}
