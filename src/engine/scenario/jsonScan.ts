/**
 * Fast paths over a text that JSON.parse has accepted, so strict JSON: no comments, no trailing
 * commas, every token well formed. A scenario file at the loader's limits is about 1.4 MB of such
 * text, and jsonc-parser's tree of it (hundreds of thousands of nodes) took most of a load and
 * much of its garbage. These scan the text once, allocate next to nothing, and give exactly what
 * jsonText.ts would find in the tree: whether a key is given twice in an object, and where the
 * values at given JSON paths are (`locate`'s answer for each, the same offsets and lengths).
 * test/unit/scenario/jsonScan.test.ts checks both against the tree on many texts and paths.
 */
import type { JsonPath } from './model';

/** Where a value (or a key) is in the text. */
export interface Span {
  readonly offset: number;
  readonly length: number;
  /** False when the path does not exist and the span is that of its nearest existing parent. */
  readonly exact: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function skipSpace(t: string, i: number): number {
  for (;;) {
    const c = t.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** From the opening quote of a string to just after its closing quote. */
function stringEnd(t: string, i: number): number {
  let q = t.indexOf('"', i + 1);
  for (;;) {
    // A quote is escaped when an odd number of backslashes stands before it.
    let b = q - 1;
    while (t.charCodeAt(b) === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    q = t.indexOf('"', q + 1);
  }
}

/** The string's value: JSON.parse decodes escapes exactly as the tree's scanner does. */
function stringValue(t: string, start: number, end: number): string {
  const inner = t.slice(start + 1, end - 1);
  return inner.indexOf('\\') < 0 ? inner : (JSON.parse(t.slice(start, end)) as string);
}

/** From the first character of a value to just after it. */
function valueEnd(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c === QUOTE) return stringEnd(t, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (;;) {
      const d = t.charCodeAt(i);
      if (d === QUOTE) {
        i = stringEnd(t, i);
        continue;
      }
      if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if ((d === CLOSE_BRACE || d === CLOSE_BRACKET) && --depth === 0) return i + 1;
      i++;
    }
  }
  // A number, true, false or null: up to the next delimiter.
  for (;;) {
    const d = t.charCodeAt(i);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09 || Number.isNaN(d)) return i;
    i++;
  }
}

/** The keys of one object: a list while it is short, a set past that (an object of 100,000 keys stays linear). */
class Keys {
  private list: string[] | null = [];
  private set: Set<string> | null = null;

  /** Adds the key; false when it was there already. */
  add(key: string): boolean {
    if (this.list) {
      if (this.list.includes(key)) return false;
      this.list.push(key);
      if (this.list.length > 16) {
        this.set = new Set(this.list);
        this.list = null;
      }
      return true;
    }
    const set = this.set!;
    if (set.has(key)) return false;
    set.add(key);
    return true;
  }
}

export interface StrictScan {
  /** The offset of the first bracket nested deeper than the limit, or null (jsonText's exceedsDepth, on strict JSON). */
  readonly tooDeep: number | null;
  /** Whether some object gives a key twice (the keys compared as decoded strings). */
  readonly duplicateKeys: boolean;
}

/** One pass over the text: its nesting depth against `maxDepth`, and keys given twice. */
export function scanStrict(t: string, maxDepth: number): StrictScan {
  // The keys of each open object (until a key given twice is found); null for an open list.
  const open: (Keys | null)[] = [];
  let duplicateKeys = false;
  let i = 0;
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(t, i);
      const keys = open[open.length - 1];
      if (keys && !duplicateKeys) {
        const after = skipSpace(t, end);
        // In an object, a string followed by a colon is a key.
        if (t.charCodeAt(after) === COLON) {
          if (!keys.add(stringValue(t, i, end))) duplicateKeys = true;
          i = after + 1;
          continue;
        }
      }
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (open.length >= maxDepth) return { tooDeep: i, duplicateKeys };
      open.push(c === OPEN_BRACE ? new Keys() : null);
      i++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      open.pop();
      i++;
    } else {
      i++;
    }
  }
  return { tooDeep: null, duplicateKeys };
}

/** Whether some object of the text gives a key twice (the keys compared as decoded strings). */
export function hasDuplicateKeys(t: string): boolean {
  return scanStrict(t, Infinity).duplicateKeys;
}

export interface LocateRequest {
  readonly path: JsonPath;
  readonly target: 'value' | 'key';
}

/** A place some request's path goes through. */
interface Step {
  readonly children: Map<string | number, Step>;
  found: boolean;
  offset: number;
  length: number;
  /** The key's span when the value is a property's; -1 otherwise. */
  keyOffset: number;
  keyLength: number;
}

function step(): Step {
  return { children: new Map(), found: false, offset: 0, length: 0, keyOffset: -1, keyLength: 0 };
}

/**
 * Records the spans of the value at `i` and of the requested places inside it; returns the end
 * of the value. Only the values on some request's path are entered; the others are skipped.
 */
function visit(t: string, i: number, at: Step, keyOffset: number, keyLength: number): number {
  at.found = true;
  at.offset = i;
  at.keyOffset = keyOffset;
  at.keyLength = keyLength;
  const c = t.charCodeAt(i);
  let end: number;
  if (at.children.size === 0 || (c !== OPEN_BRACE && c !== OPEN_BRACKET)) {
    end = valueEnd(t, i);
  } else if (c === OPEN_BRACE) {
    let j = skipSpace(t, i + 1);
    while (t.charCodeAt(j) !== CLOSE_BRACE) {
      const keyEnd = stringEnd(t, j);
      const child = at.children.get(stringValue(t, j, keyEnd));
      const valueStart = skipSpace(t, skipSpace(t, keyEnd) + 1);
      const after = child ? visit(t, valueStart, child, j, keyEnd - j) : valueEnd(t, valueStart);
      j = skipSpace(t, after);
      if (t.charCodeAt(j) === COMMA) j = skipSpace(t, j + 1);
    }
    end = j + 1;
  } else {
    let j = skipSpace(t, i + 1);
    for (let index = 0; t.charCodeAt(j) !== CLOSE_BRACKET; index++) {
      const child = at.children.get(index);
      const after = child ? visit(t, j, child, -1, 0) : valueEnd(t, j);
      j = skipSpace(t, after);
      if (t.charCodeAt(j) === COMMA) j = skipSpace(t, j + 1);
    }
    end = j + 1;
  }
  at.length = end - i;
  return end;
}

/**
 * Where each requested path is, in one pass over the text: what `locate` gives on the text's tree
 * (the value's span, or the key's for a property with target 'key'; for a path that does not
 * exist, the span of its nearest existing parent, not exact). The text has no key given twice.
 */
export function locatePaths(t: string, requests: readonly LocateRequest[]): Span[] {
  const root = step();
  const ends: Step[][] = requests.map((r) => {
    const steps = [root];
    let at = root;
    for (const seg of r.path) {
      let next = at.children.get(seg);
      if (!next) at.children.set(seg, (next = step()));
      steps.push(next);
      at = next;
    }
    return steps;
  });
  visit(t, skipSpace(t, 0), root, -1, 0);
  return requests.map((r, k) => {
    const steps = ends[k]!;
    let last = 0;
    while (last + 1 < steps.length && steps[last + 1]!.found) last++;
    const s = steps[last]!;
    if (last + 1 < steps.length) return { offset: s.offset, length: s.length, exact: false };
    if (r.target === 'key' && s.keyOffset >= 0) return { offset: s.keyOffset, length: s.keyLength, exact: true };
    return { offset: s.offset, length: s.length, exact: true };
  });
}
