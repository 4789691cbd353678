/**
 * "Save as scenario": the loaded scenario's text with the actions taken by hand added to its
 * timeline, in time order, each at the simulated moment it was taken. Only the timeline
 * changes, by inserting text: the user's comments, key order and formatting survive, and each
 * new entry is written in the style of its neighbours (one line per entry, or one line per
 * field). Free of `vscode`.
 */
import { applyEdits, createScanner, findNodeAtLocation, modify, parseTree, type Edit, type FormattingOptions, type Node } from 'jsonc-parser';
import { ACTIONS } from '../../../engine/scenario/actions';
import type { Action, WorkloadSpec } from '../../../engine/scenario/model';
import { parseTime } from '../../../engine/scenario/units';
import type { RecordedAction } from '../../session/simulationSession';
import { formatByteRateForScenario, formatSizeForScenario, formatTimeForScenario } from '../../../format/scenarioNotation';

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot import.
const COMMA = 5;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const LINE_BREAK = 14;
const TRIVIA = 15;

/** A workload as a scenario writes it: the preset's name, or the numbers with their units. */
function workloadToJson(workload: WorkloadSpec): string | Record<string, unknown> {
  if (workload.preset !== null) return workload.preset;
  return {
    memoryWrites: formatByteRateForScenario(workload.memoryWrites),
    workingSet: formatSizeForScenario(workload.workingSet),
    hotShare: workload.hotShare,
    diskIo: formatByteRateForScenario(workload.diskIo),
  };
}

/** A timeline entry as docs/scenario-format.md spells it: `at`, `do`, then the action's fields in their order. */
export function timelineEntryJson(at: string, action: Action): Record<string, unknown> {
  const entry: Record<string, unknown> = { at, do: action.do };
  const fields = action as unknown as Record<string, unknown>;
  for (const field of [...ACTIONS[action.do].fields, ...(ACTIONS[action.do].optional ?? [])]) {
    const value = fields[field];
    if (value === undefined) continue;
    if (field === 'duration') entry[field] = formatTimeForScenario(value as number);
    else if (field === 'workload') entry[field] = workloadToJson(value as WorkloadSpec);
    else entry[field] = value;
  }
  return entry;
}

interface Style {
  readonly eol: string;
  /** One level of indentation: "  ", "    " or a tab. */
  readonly unit: string;
  readonly formatting: FormattingOptions;
}

function detectStyle(text: string): Style {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((m) => m[1]);
  const tabs = indents.length > 0 && indents.filter((i) => i.startsWith('\t')).length > indents.length / 2;
  const spaces = indents.filter((i) => !i.includes('\t')).map((i) => i.length);
  const size = tabs ? 1 : spaces.length > 0 ? Math.min(...spaces) : 2;
  const unit = tabs ? '\t' : ' '.repeat(size);
  return { eol, unit, formatting: { insertSpaces: !tabs, tabSize: tabs ? 4 : size, eol } };
}

/** `{ "at": "20s", "do": "liveMigrate", "vm": "SQL01", "to": "HV02" }` */
function renderCompact(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const parts = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${renderCompact(v)}`);
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

function renderBlock(value: unknown, style: Style, indent: string): string {
  return JSON.stringify(value, null, style.unit).split('\n').join(style.eol + indent);
}

/** The indentation of the line `offset` is on, when only whitespace precedes it there. */
function indentAt(text: string, offset: number): string | null {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : null;
}

/**
 * From `offset`, skips spaces and comments on the same line. Returns where the line ends (before
 * its line break) when only trivia follows, else the offset of the next token on the line.
 */
function restOfLine(text: string, offset: number): { endOfLine: boolean; at: number } {
  const scanner = createScanner(text, false);
  scanner.setPosition(offset);
  for (;;) {
    const token = scanner.scan() as number;
    const start = scanner.getTokenOffset();
    if (token === LINE_BREAK) return { endOfLine: true, at: start };
    if (token === TRIVIA || token === BLOCK_COMMENT) continue;
    if (token === LINE_COMMENT) return { endOfLine: true, at: start + scanner.getTokenLength() };
    return { endOfLine: token === 17 /* EOF */, at: start };
  }
}

/** The end offset of the comma after `offset`, skipping trivia and comments; null when the next token is not a comma. */
function commaAfter(text: string, offset: number): number | null {
  const scanner = createScanner(text, false);
  scanner.setPosition(offset);
  for (;;) {
    const token = scanner.scan() as number;
    if (token === TRIVIA || token === LINE_BREAK || token === LINE_COMMENT || token === BLOCK_COMMENT) continue;
    return token === COMMA ? scanner.getTokenOffset() + 1 : null;
  }
}

/** The edits inserting `entry` as element `index` of the non-empty array `array`. */
function insertionEdits(text: string, array: Node, index: number, entry: Record<string, unknown>, style: Style): Edit[] {
  const elements = array.children ?? [];
  const multiLine = /\r?\n/.test(text.slice(array.offset, array.offset + array.length));
  const model = elements[0];
  const compact = !/\r?\n/.test(text.slice(model.offset, model.offset + model.length));
  const indent = indentAt(text, model.offset) ?? (indentAt(text, array.offset) ?? '') + style.unit;
  const rendered = compact ? renderCompact(entry) : renderBlock(entry, style, indent);

  if (!multiLine) {
    if (index < elements.length) return [{ offset: elements[index].offset, length: 0, content: `${rendered}, ` }];
    const last = elements[elements.length - 1];
    return [{ offset: last.offset + last.length, length: 0, content: `, ${rendered}` }];
  }

  if (index < elements.length || commaAfter(text, elements[elements.length - 1].offset + elements[elements.length - 1].length) !== null) {
    // After the separator before the new element (the comma of the previous one, or '['), at the
    // end of its line, so a comment on that line stays with what it was written beside and a
    // comment above the next element stays above it.
    const separatorEnd = index === 0 ? array.offset + 1 : (commaAfter(text, elements[index - 1].offset + elements[index - 1].length) as number);
    const rest = restOfLine(text, separatorEnd);
    // Something follows it: an element, or the trailing comma style of the array.
    if (rest.endOfLine) return [{ offset: rest.at, length: 0, content: `${style.eol}${indent}${rendered},` }];
    return [{ offset: rest.at, length: 0, content: `${rendered}, ` }];
  }

  // Appending after a last element without a trailing comma: give it one, then the new line.
  const last = elements[elements.length - 1];
  const lastEnd = last.offset + last.length;
  const rest = restOfLine(text, lastEnd);
  if (rest.endOfLine) {
    return [
      { offset: lastEnd, length: 0, content: ',' },
      { offset: rest.at, length: 0, content: `${style.eol}${indent}${rendered}` },
    ];
  }
  return [{ offset: lastEnd, length: 0, content: `,${style.eol}${indent}${rendered}` }];
}

function timeOf(node: Node | undefined): number {
  const at = node?.type === 'object' ? findNodeAtLocation(node, ['at']) : undefined;
  const parsed = parseTime(at?.value);
  return parsed.ok ? parsed.value : 0;
}

/**
 * The scenario text with `recorded` inserted into its timeline. Each entry goes after every
 * entry at or before its time (what ran first in the session runs first again), recorded ones
 * in the order they were taken. Times are written to the millisecond, never out of order.
 */
export function saveAsScenario(sourceText: string, recorded: readonly RecordedAction[]): string {
  const style = detectStyle(sourceText);
  let text = sourceText;
  const actions = recorded.map((r, i) => ({ ...r, i })).sort((a, b) => a.at - b.at || a.i - b.i);
  if (actions.length === 0) return text;

  let root = parseTree(text);
  let array = root ? findNodeAtLocation(root, ['timeline']) : undefined;
  if (!root || root.type !== 'object') throw new Error('the scenario is not a JSON object');
  if (!array || array.type !== 'array') {
    const props = (root.children ?? []).map((p) => String(p.children?.[0]?.value));
    const beforeExpect = props.indexOf('expect');
    text = applyEdits(
      text,
      modify(text, ['timeline'], [], {
        formattingOptions: style.formatting,
        getInsertionIndex: () => (beforeExpect >= 0 ? beforeExpect : props.length),
      }),
    );
  }

  // Ordering keys of the timeline's entries: file times for the original ones, the exact
  // simulated time for the inserted ones (so two actions a microsecond apart keep their order).
  root = parseTree(text) as Node;
  array = findNodeAtLocation(root, ['timeline']) as Node;
  const keys: number[] = (array.children ?? []).map((n) => timeOf(n));
  const written: number[] = [...keys];

  for (const action of actions) {
    let index = keys.length;
    while (index > 0 && keys[index - 1] > action.at) index--;
    let at = formatTimeForScenario(action.at);
    let value = (parseTime(at) as { value: number }).value;
    // Rounding to the millisecond must not move it before or after a neighbour.
    if (index > 0 && value < written[index - 1]) value = written[index - 1];
    if (index < written.length && value > written[index]) value = written[index];
    if (value !== (parseTime(at) as { value: number }).value) at = `${Number(value.toPrecision(15))}s`;
    const entry = timelineEntryJson(at, action.action);

    root = parseTree(text) as Node;
    array = findNodeAtLocation(root, ['timeline']) as Node;
    const edits =
      (array.children ?? []).length === 0
        ? modify(text, ['timeline', 0], entry, { formattingOptions: style.formatting, isArrayInsertion: true })
        : insertionEdits(text, array, index, entry, style);
    text = applyEdits(text, edits);
    keys.splice(index, 0, action.at);
    written.splice(index, 0, value);
  }
  return text;
}
