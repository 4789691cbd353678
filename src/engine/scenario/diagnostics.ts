import type { JsonPath } from './model';

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
  return oneLine(`${where}: ${d.severity}: ${formatPath(d.path)}: ${message}${hint}`);
}

/**
 * One diagnostic, one line: control characters and line separators a name or key may carry
 * (a key "a\nb" in the file) are written as escapes, so tools that read the output line by line
 * (VS Code's terminal links, CI logs) see one line per problem.
 */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
