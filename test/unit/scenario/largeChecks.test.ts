/**
 * The checks of a file at the loader's limits, made faster (one pass per kind of thing instead of
 * one per node, lists of names checked once, the file parsed and located without a tree), say
 * exactly what they said before: every diagnostic, in order, of the semantic checks and the
 * cluster warnings on a broken 8,000-VM scenario, and of two whole loads with their positions,
 * against the figures the code gave before the change (test/fixtures/large-checks.pins.json,
 * made with largeChecksPin.ts on commit b164353).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { largeCheckPins, type Pin } from './largeChecksPin';

const PINS = join(__dirname, '..', '..', 'fixtures', 'large-checks.pins.json');

describe('the checks of a scenario at the loader\'s limits say what they said before they were made faster', () => {
  it('every diagnostic code, count and text, and two whole loads with positions', () => {
    const before = JSON.parse(readFileSync(PINS, 'utf8')) as Record<string, Pin>;
    const now = largeCheckPins();
    assert.deepStrictEqual(Object.keys(now).sort(), Object.keys(before).sort(), 'the same kinds of diagnostic');
    for (const [key, pin] of Object.entries(before)) assert.deepStrictEqual(now[key], pin, key);
  });
});
