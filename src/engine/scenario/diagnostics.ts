import type { JsonPath } from './model';
import { printable } from './printable';

export type Severity = 'error' | 'warning';

/**
 * A problem found in a scenario file. Checks produce it with a JSON path; the loader fills in
 * the position from the parsed file so that every message can say line:column.
 */
export interface Diagnostic {
  readonly severity: Severity;
  /** Stable identifier of the check, e.g. "unknown-name" or "single-cluster-network". */
  readonly code: string;
  readonly path: JsonPath;
  /** What is wrong, in words a cluster admin uses. */
  readonly message: string;
  /** What a valid value looks like, when there is one to show. */
  readonly hint?: string;
  /** 1-based line and column of the start of the offending value, and its extent in the text. */
  readonly line?: number;
  readonly column?: number;
  readonly offset?: number;
  readonly length?: number;
}

/** `['vms', 2, 'memory']` -> `$.vms[2].memory`; a key that is not an identifier is quoted. */
export function formatPath(path: JsonPath): string {
  let out = '$';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** `file:line:column: error: $.path: message (hint)`, the form editors and terminals link. */
export function formatDiagnostic(d: Diagnostic, file: string): string {
  const where = d.line !== undefined ? `${file}:${d.line}:${d.column}` : file;
  const message = /[.!?]$/.test(d.message) ? d.message : `${d.message}.`;
  // An error's hint is the valid form; a warning's is a suggestion, not a requirement.
  const hint = d.hint ? ` ${d.severity === 'error' ? 'Expected' : 'Consider'} ${d.hint.replace(/\.$/, '')}.` : '';
  // One diagnostic, one line, whatever a name or key in it holds (a key "a\nb" in the file).
  return printable(`${where}: ${d.severity}: ${formatPath(d.path)}: ${message}${hint}`);
}
