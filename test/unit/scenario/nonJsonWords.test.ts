/**
 * Issue 12: a word that is not JSON (NaN, Infinity, undefined, +1, .5, 0x10) gave a second,
 * misleading error at the next comma or closing brace, and 0x10 was reported at its "x". Each
 * such word is now one error, at its first character, that says what JSON writes instead; the
 * file's other mistakes are still found.
 */
import { strict as assert } from 'node:assert';
import { loadScenario } from '../../../src/engine';
import type { Diagnostic } from '../../../src/engine/scenario/diagnostics';

function errorsOf(text: string): Diagnostic[] {
  const { scenario, diagnostics } = loadScenario(text);
  assert.equal(scenario, null);
  return diagnostics;
}

/** Line and column of the first `needle` in `text`, counted here. */
function at(text: string, needle: string): [number, number] {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  const lines = text.slice(0, offset).split('\n');
  return [lines.length, lines.at(-1)!.length + 1];
}

describe('scenario: words that are not JSON', () => {
  const cases: [string, RegExp, string][] = [
    ['NaN', /^NaN is not JSON: JSON has no NaN or Infinity$/, 'a number such as 5 or 0.5, or a quantity as a string with its unit, such as "250ms"'],
    ['Infinity', /^Infinity is not JSON/, 'a number such as 5 or 0.5, or a quantity as a string with its unit, such as "250ms"'],
    ['-Infinity', /^-Infinity is not JSON/, 'a number such as 5 or 0.5, or a quantity as a string with its unit, such as "250ms"'],
    ['undefined', /^undefined is not JSON$/, 'a value, or no property at all'],
    ['+1', /^\+1: a JSON number has no "\+" sign$/, '1'],
    ['.5', /^\.5: a JSON number has a digit before its decimal point$/, '0.5'],
    ['0x10', /^0x10: JSON has no hexadecimal numbers$/, '16'],
    ['010', /^010: a JSON number has no leading zeros$/, '10'],
    ['True', /^True is not JSON; did you mean true\?$/, 'true'],
    ['5s', /^5s: a quantity is written as a string with its unit$/, '"5s"'],
    ['256MiB/s', /^256MiB\/s: a quantity is written as a string with its unit$/, '"256MiB/s"'],
    ['HV01', /^HV01 is not JSON: a string is written in double quotes$/, '"HV01"'],
    ["'HV 01'", /^'HV 01': a string is written in double quotes, not single ones$/, '"HV 01"'],
  ];

  for (const [word, message, hint] of cases) {
    for (const [where, text] of [
      ['before a closing brace', `{\n  "seed": ${word}\n}\n`],
      ['before a comma', `{\n  "seed": ${word},\n  "name": "x"\n}\n`],
      ['in a list', `{\n  "x": [1, ${word}]\n}\n`],
    ] as const) {
      it(`${word} ${where}: one error, at its first character`, () => {
        const errors = errorsOf(text);
        assert.equal(errors.length, 1, errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('\n'));
        const [d] = errors;
        assert.equal(d!.code, 'syntax');
        assert.match(d!.message, message);
        assert.equal(d!.hint, hint);
        assert.deepEqual([d!.line, d!.column], at(text, word));
        assert.equal(d!.length, word.length);
        assert.deepEqual(d!.path, where === 'in a list' ? ['x', 1] : ['seed']);
      });
    }
  }

  it('several in one file are each reported once, and other mistakes are still found', () => {
    const text = '{\n  "seed": +1,\n  "x": [.5, 0x10, Infinity, undefined],\n  "name": "a" "b"\n}\n';
    const errors = errorsOf(text);
    assert.deepEqual(
      errors.slice(0, 5).map((e) => [e.line, e.column, e.message.split(/:| is /)[0]]),
      [
        [2, 11, '+1'],
        [3, 9, '.5'],
        [3, 13, '0x10'],
        [3, 19, 'Infinity'],
        [3, 29, 'undefined'],
      ],
    );
    const other = errors[5]!;
    assert.match(other.message, /expected a comma between two entries/);
    assert.deepEqual([other.line, other.column], [4, 15]);
  });

  it('an unquoted property name is one error at the name, about the object that holds it', () => {
    const text = '{\n  "settings": { tcpTimeout: "20s" }\n}\n';
    const [d, ...rest] = errorsOf(text);
    assert.equal(rest.length, 0);
    assert.equal(d!.message, 'tcpTimeout: a property name is written in double quotes');
    assert.equal(d!.hint, '"tcpTimeout"');
    assert.deepEqual(d!.path, ['settings']);
    assert.deepEqual([d!.line, d!.column], at(text, 'tcpTimeout'));
  });

  it('valid numbers next to a mistake keep the parser\'s own message', () => {
    const [d, ...rest] = errorsOf('{"x": [1 2]}');
    assert.equal(rest.length, 0);
    assert.match(d!.message, /expected a comma between two entries/);
  });

  it('a comment after an unquoted quantity is not part of it', () => {
    const text = '{"x": 5MB/s// five\n}';
    const [d, ...rest] = errorsOf(text);
    assert.equal(rest.length, 0);
    assert.equal(d!.length, '5MB/s'.length);
  });
});
