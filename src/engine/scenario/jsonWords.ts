/**
 * Words that are not JSON where a value or a property name belongs: NaN, Infinity, undefined,
 * +1, .5, 0x10, 010, True, a name or a quantity without quotes (HV01, 5s), a 'single-quoted'
 * string. jsonc-parser reports such a word as an unexpected character, sometimes from its second
 * character on ("x10" of 0x10), and then reports a second, misleading error where it expected the
 * value it missed (the next comma or closing brace). This module finds each whole word, says once,
 * at its start, what it is and what JSON writes instead, and gives the text with each word blanked
 * out by a valid token of the same length, so that parsing that text again finds only the file's
 * other mistakes, at the same offsets.
 */
import { printParseErrorCode, type ParseError } from 'jsonc-parser';

export interface BadWord {
  /** A property name (the message is about the object that holds it), rather than a value. */
  readonly isKey: boolean;
  readonly offset: number;
  readonly length: number;
  readonly message: string;
  readonly hint: string;
}

/** The parse errors that can stand for a word the scanner does not know. */
const WORD_ERRORS = new Set(['InvalidSymbol', 'InvalidNumberFormat', 'CommaExpected', 'UnexpectedEndOfNumber']);

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const NUMBER_HINT = 'a number such as 5 or 0.5, or a quantity as a string with its unit, such as "250ms"';

function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 0x2f /* / */) {
    // "/s" of an unquoted "5MB/s" belongs to the word; "//" and "/*" start a comment.
    const next = text.charCodeAt(i + 1);
    const prev = text.charCodeAt(i - 1);
    return next !== 0x2f && next !== 0x2a && prev !== 0x2f && prev !== 0x2a;
  }
  return (
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f /* _ */ || c === 0x24 /* $ */ || c === 0x2e /* . */ || c === 0x2b /* + */ || c === 0x2d /* - */
  );
}

/** The word around `offset` (a 'single-quoted' string counts as one), or null. */
function wordAt(text: string, offset: number): { start: number; end: number } | null {
  if (text[offset] === "'") {
    const close = text.indexOf("'", offset + 1);
    const newline = text.indexOf('\n', offset + 1);
    if (close > offset && (newline < 0 || close < newline)) return { start: offset, end: close + 1 };
    return null;
  }
  if (!isWordChar(text, offset)) return null;
  let start = offset;
  let end = offset;
  while (start > 0 && isWordChar(text, start - 1)) start--;
  while (end < text.length && isWordChar(text, end)) end++;
  return { start, end };
}

/** `word` in a message: short, and never mistaken for a quoted string. */
function shown(word: string): string {
  return word.length > 40 ? `${word.slice(0, 40)}...` : word;
}

/** What is wrong with a word, or null when it is valid JSON on its own (`2` in "[1 2]"). */
function explain(word: string, isKey: boolean): { message: string; hint: string } | null {
  const w = shown(word);
  if (word.startsWith("'")) {
    const inner = word.slice(1, -1);
    const what = isKey ? 'a property name' : 'a string';
    return { message: `${w}: ${what} is written in double quotes, not single ones`, hint: JSON.stringify(inner) };
  }
  if (isKey) return { message: `${w}: a property name is written in double quotes`, hint: JSON.stringify(word) };
  if (JSON_NUMBER.test(word) || word === 'true' || word === 'false' || word === 'null') return null;
  if (/^[+-]?(NaN|Infinity)$/.test(word)) return { message: `${w} is not JSON: JSON has no NaN or Infinity`, hint: NUMBER_HINT };
  if (word === 'undefined') return { message: 'undefined is not JSON', hint: 'a value, or no property at all' };
  if (/^(true|false|null)$/i.test(word)) return { message: `${w} is not JSON; did you mean ${word.toLowerCase()}?`, hint: word.toLowerCase() };
  if (/^(none|nil)$/i.test(word)) return { message: `${w} is not JSON; did you mean null?`, hint: 'null' };
  if (/^\+/.test(word) && JSON_NUMBER.test(word.slice(1))) return { message: `${w}: a JSON number has no "+" sign`, hint: word.slice(1) };
  if (/^-?\.\d+$/.test(word)) return { message: `${w}: a JSON number has a digit before its decimal point`, hint: word.replace('.', '0.') };
  if (/^-?\d+\.$/.test(word)) return { message: `${w}: a JSON number has digits after its decimal point`, hint: `${word}0 or ${word.slice(0, -1)}` };
  if (/^-?\d+(\.\d+)?[eE][+-]?$/.test(word)) {
    const base = word.replace(/[eE][+-]?$/, '');
    return { message: `${w}: a JSON number's exponent needs its digits`, hint: `an exponent with digits, such as ${base}e3, or ${base}` };
  }
  if (/^-?0[xX][0-9a-fA-F]+$/.test(word)) {
    return { message: `${w}: JSON has no hexadecimal numbers`, hint: String(Number.parseInt(word, 16)) };
  }
  if (/^-?0\d+$/.test(word)) return { message: `${w}: a JSON number has no leading zeros`, hint: String(Number(word)) };
  if (/^\d+(\.\d+)?[A-Za-z][A-Za-z/]*$/.test(word)) {
    return { message: `${w}: a quantity is written as a string with its unit`, hint: JSON.stringify(word) };
  }
  if (/^[A-Za-z_$][\w$.-]*$/.test(word)) return { message: `${w} is not JSON: a string is written in double quotes`, hint: JSON.stringify(word) };
  return { message: `${w} is not JSON`, hint: 'a number such as 1000 or 0.5, a string in double quotes, true, false or null' };
}

/** Whether the first character after `end` (past spaces and line breaks) is a colon. */
function beforeColon(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return text[i] === ':';
}

/**
 * The bad words that `errors` point at (the first `limit` of them), and `text` with each of them
 * replaced by a valid token of the same length (a string in double quotes, or "0" for a
 * one-character value).
 */
export function findBadWords(text: string, errors: readonly ParseError[], limit: number): { words: BadWord[]; patched: string } {
  const words: BadWord[] = [];
  const replacements: { start: number; end: number; with: string }[] = [];
  for (const e of errors) {
    if (words.length >= limit) break;
    if (!WORD_ERRORS.has(printParseErrorCode(e.error))) continue;
    const span = wordAt(text, e.offset);
    // The same word seen from another of its errors, or a word inside a 'quoted' one.
    if (!span || replacements.some((r) => span.start < r.end && r.start < span.end) || words.some((w) => w.offset === span.start)) continue;
    const word = text.slice(span.start, span.end);
    const isKey = beforeColon(text, span.end);
    const why = explain(word, isKey);
    if (!why) continue;
    words.push({ isKey, offset: span.start, length: word.length, ...why });
    // A one-character key has no same-length replacement; its cascade stays, after this message.
    const replacement = word.length >= 2 ? `"${' '.repeat(word.length - 2)}"` : isKey ? null : '0';
    if (replacement !== null) replacements.push({ start: span.start, end: span.end, with: replacement });
  }
  // One pass over the text, however many words: splicing each in turn would copy it each time.
  replacements.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const r of replacements) {
    parts.push(text.slice(at, r.start), r.with);
    at = r.end;
  }
  parts.push(text.slice(at));
  return { words, patched: parts.join('') };
}
