/**
 * The scenario file as text: JSON with comments and trailing commas (a hand-written file wants
 * both), parsed with jsonc-parser into a tree that keeps offsets, so that every later message,
 * which only knows a JSON path, can be pointed back at a line and column.
 */
// The ES module build, not the package's "main": that one is UMD, whose `factory(require)` esbuild
// cannot follow, so the bundled CLI and extension would fail with "Cannot find module
// './impl/format'". (Setting esbuild's mainFields to ['module', 'main'] would also fix it.)
import { parseTree, printParseErrorCode, getLocation, stripComments, visit, type Node, type ParseError } from 'jsonc-parser';
import type { Diagnostic } from './diagnostics';
import { locatePaths, scanStrict, type LocateRequest, type Span } from './jsonScan';
import { findBadWords, type BadWord } from './jsonWords';
import type { JsonPath } from './model';

/** Deeper than any scenario needs (about 5 levels), far shallower than the recursive parser's stack. */
const MAX_DEPTH = 100;

export interface ParsedText {
  /** The syntax tree, or undefined when the text has syntax errors. */
  readonly root: Node | undefined;
  /** The plain value (last key wins, as in JSON.parse); undefined when there are syntax errors. */
  readonly value: unknown;
  /** Syntax errors (code "syntax") and duplicate keys (code "duplicate-key"), with offsets. */
  readonly diagnostics: Diagnostic[];
  /** Where each path is: `locate` on the tree for each request, in one call. */
  locateAll(requests: readonly LocateRequest[]): Span[];
}

export type { Span };

/** Each parse error code, in words; printParseErrorCode names them. */
const SYNTAX_WORDS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value (a string, number, object, list, true, false or null)',
  ColonExpected: 'expected ":" after the property name',
  CommaExpected: 'expected a comma between two entries',
  CloseBraceExpected: 'expected "}" to close the object',
  CloseBracketExpected: 'expected "]" to close the list',
  EndOfFileExpected: 'expected the end of the file after the scenario object',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'comment is not closed: expected "*/"',
  UnexpectedEndOfString: 'string is not closed: expected a double quote',
  UnexpectedEndOfNumber: 'number ends too early',
  InvalidUnicode: 'invalid \\u escape: expected four hexadecimal digits',
  InvalidEscapeCharacter: 'invalid escape sequence in a string',
  InvalidCharacter: 'invalid character in a string (control characters must be escaped)',
};

const MAX_SYNTAX_ERRORS = 50;

/**
 * Nesting depth of brackets and braces outside strings and comments, stopping at `limit`. The
 * parser is recursive, so a hostile file of 100,000 "[" would overflow its stack; counting first
 * is linear and cannot.
 */
function exceedsDepth(text: string, limit: number): number | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22 || d === 0x0a) break;
      }
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return i;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return null;
}

function syntaxMessage(text: string, e: ParseError): string {
  const name = printParseErrorCode(e.error);
  const words = SYNTAX_WORDS[name] ?? name;
  const found = text.substr(e.offset, Math.min(e.length, 20));
  if (e.offset >= text.length) return `${words}, found the end of the file`;
  return found.trim() ? `${words}, found ${JSON.stringify(found)}` : words;
}

/** The plain value of a tree; objects keep "__proto__" as an ordinary key. */
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const obj: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (key && value) {
          Object.defineProperty(obj, String(key.value), { value: nodeValue(value), enumerable: true, writable: true, configurable: true });
        }
      }
      return obj;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function pathOf(node: Node): (string | number)[] {
  const path: (string | number)[] = [];
  let cur: Node | undefined = node;
  while (cur?.parent) {
    const parent: Node = cur.parent;
    if (parent.type === 'property') {
      path.unshift(String(parent.children?.[0]?.value));
      cur = parent.parent;
    } else if (parent.type === 'array') {
      path.unshift(parent.children?.indexOf(cur) ?? 0);
      cur = parent;
    } else {
      cur = parent;
    }
  }
  return path;
}

/** A key given twice in one object: JSON.parse silently keeps the last, which hides edits. */
function duplicateKeys(root: Node): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const key = prop.children?.[0];
        if (!key) continue;
        const name = String(key.value);
        if (seen.has(name)) {
          out.push({
            severity: 'error',
            code: 'duplicate-key',
            path: [...pathOf(node), name],
            message: `"${name}" is given more than once in this object; only the last one would count`,
            offset: key.offset,
            length: key.length,
          });
        }
        seen.add(name);
      }
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return out.reverse();
}

const STOP = Symbol('enough errors');

/**
 * The first `limit` syntax errors of a text, in the order the scanner meets them (by offset):
 * the scan stops there, so a text with millions of mistakes costs no more than its first ones.
 */
function firstErrors(text: string, limit: number): ParseError[] {
  const errors: ParseError[] = [];
  try {
    visit(
      text,
      {
        onError: (error, offset, length) => {
          errors.push({ error, offset, length });
          if (errors.length >= limit) throw STOP;
        },
      },
      { disallowComments: false, allowTrailingComma: true, allowEmptyContent: false },
    );
  } catch (e) {
    if (e !== STOP) throw e;
  }
  return errors;
}

/** A parse whose tree is `root`: paths are located on it. */
function withTree(root: Node | undefined, value: unknown, diagnostics: Diagnostic[]): ParsedText {
  return { root, value, diagnostics, locateAll: (requests) => requests.map((r) => locate(root, r.path, r.target)) };
}

/**
 * Strict JSON without a key given twice (what a program writes, and most large files are): the
 * value from JSON.parse, which gives what the tree would (the last key wins, "__proto__" an
 * ordinary key, the same numbers and strings), and paths located by one scan of the text
 * (jsonScan.ts) instead of a tree of the whole file. The tree is built only if someone asks for it.
 */
function strictJson(text: string, value: unknown): ParsedText {
  let tree: Node | undefined;
  return {
    get root(): Node | undefined {
      tree ??= parseTree(text, [], { disallowComments: false, allowTrailingComma: true, allowEmptyContent: false });
      return tree;
    },
    value,
    diagnostics: [],
    locateAll: (requests) => (requests.length === 0 ? [] : locatePaths(text, requests)),
  };
}

/** The value of a strict JSON text, or `undefined` (as a failure) when JSON.parse refuses it. */
function parseStrict(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Parses JSON with comments and trailing commas; never throws. */
export function parseJsonText(input: string): ParsedText {
  // A byte order mark becomes a space, so offsets still match the editor's.
  const text = input.charCodeAt(0) === 0xfeff ? ` ${input.slice(1)}` : input;
  const tooDeepAt = (offset: number): ParsedText =>
    withTree(undefined, undefined, [
      {
        severity: 'error',
        code: 'syntax',
        path: [],
        message: `nested more than ${MAX_DEPTH} levels deep; a scenario needs only a few`,
        offset,
        length: 1,
      },
    ]);
  const strict = parseStrict(text);
  if (strict) {
    // Strict JSON: its depth and its keys in one scan (exceedsDepth gives the same offset on it).
    const scan = scanStrict(text, MAX_DEPTH);
    if (scan.tooDeep !== null) return tooDeepAt(scan.tooDeep);
    if (!scan.duplicateKeys) return strictJson(text, strict.value);
  }
  // Deep nesting is refused before the recursive parser sees it.
  const tooDeep = exceedsDepth(text, MAX_DEPTH);
  if (tooDeep !== null) return tooDeepAt(tooDeep);
  // Comments, trailing commas, a key given twice or a syntax error: the tree, and its messages.
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: false, allowTrailingComma: true, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    // Nothing but whitespace and comments: one clear message instead of "expected a value".
    const unclosedComment = errors.some((e) => printParseErrorCode(e.error) === 'UnexpectedEndOfComment');
    if (errors.length === 0 || (!unclosedComment && !/[^\s]/.test(stripComments(text)))) {
      return withTree(undefined, undefined, [
        { severity: 'error', code: 'syntax', path: [], message: 'the file is empty: expected a scenario object { ... }', offset: 0, length: 0 },
      ]);
    }
    // A word that is not JSON (NaN, 0x10, HV01) is one error at its start; the text with those
    // words blanked out, parsed again, gives the other mistakes without their echoes.
    const { words, patched } = findBadWords(text, errors, MAX_SYNTAX_ERRORS);
    const others = (words.length > 0 ? firstErrors(patched, 2 * MAX_SYNTAX_ERRORS) : errors.slice(0, 2 * MAX_SYNTAX_ERRORS)).filter(
      (e) => !words.some((w) => e.offset >= w.offset && e.offset < w.offset + w.length),
    );
    const found: (BadWord | ParseError)[] = [...words, ...others].sort((a, b) => a.offset - b.offset);
    const seen = new Set<number>();
    const diagnostics: Diagnostic[] = [];
    for (const e of found) {
      if (diagnostics.length >= MAX_SYNTAX_ERRORS) break;
      if (seen.has(e.offset)) continue;
      seen.add(e.offset);
      // Located only once kept: getLocation reads the text from its start, each time.
      const path = getLocation(patched, e.offset).path;
      const common = { severity: 'error', code: 'syntax', offset: e.offset, length: e.length } as const;
      if ('message' in e) diagnostics.push({ ...common, path: e.isKey ? path.slice(0, -1) : path, message: e.message, hint: e.hint });
      else diagnostics.push({ ...common, path, message: syntaxMessage(patched, e) });
    }
    return withTree(undefined, undefined, diagnostics);
  }
  return withTree(root, nodeValue(root), duplicateKeys(root));
}

/** The child of `node` at one path segment; for a key given twice, the last (the one that counts). */
function child(node: Node, seg: string | number): Node | undefined {
  if (node.type === 'object' && typeof seg === 'string') {
    const props = node.children ?? [];
    for (let i = props.length - 1; i >= 0; i--) {
      const [key, value] = props[i].children ?? [];
      if (key && key.value === seg) return value ?? props[i];
    }
    return undefined;
  }
  if (node.type === 'array' && typeof seg === 'number') return node.children?.[seg];
  return undefined;
}

/**
 * Where the value at `path` is in the text. A path that does not exist (a missing required
 * property, say) gives the span of its nearest existing parent: the object that lacks it.
 * With `target: 'key'` an existing property gives its key instead (for "unknown property").
 */
export function locate(root: Node | undefined, path: JsonPath, target: 'value' | 'key' = 'value'): Span {
  if (!root) return { offset: 0, length: 0, exact: false };
  let node = root;
  for (const seg of path) {
    const next = child(node, seg);
    if (!next) return { offset: node.offset, length: node.length, exact: false };
    node = next;
  }
  if (target === 'key' && node.parent?.type === 'property') {
    const key = node.parent.children?.[0];
    if (key) return { offset: key.offset, length: key.length, exact: true };
  }
  return { offset: node.offset, length: node.length, exact: true };
}

/** Offsets of the start of every line; `\n`, `\r\n` and a lone `\r` all end a line. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    } else if (c === 0x0a) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * The 1-based line and column of each offset, as lineColumn gives them on lineStarts(text). A text
 * without a carriage return has its lines found by jumping from one "\n" to the next, and only up
 * to the last offset asked for, instead of listing the start of every line of a 1.4 MB file.
 */
export function lineColumns(text: string, offsets: readonly number[]): { line: number; column: number }[] {
  if (offsets.length === 0) return [];
  if (text.indexOf('\r') >= 0) {
    const starts = lineStarts(text);
    return offsets.map((o) => lineColumn(starts, o));
  }
  const order = offsets.map((_, i) => i).sort((a, b) => offsets[a]! - offsets[b]!);
  const out: { line: number; column: number }[] = new Array(offsets.length);
  let line = 1;
  let start = 0;
  let next = text.indexOf('\n');
  for (const i of order) {
    const offset = offsets[i]!;
    while (next >= 0 && next < offset) {
      line++;
      start = next + 1;
      next = text.indexOf('\n', start);
    }
    out[i] = { line, column: Math.max(0, offset - start) + 1 };
  }
  return out;
}

/** 1-based line and column (in UTF-16 units, as editors count) of an offset. */
export function lineColumn(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: Math.max(0, offset - starts[lo]) + 1 };
}
