/**
 * The scenario schema is compiled at build time (scripts/schemaValidator.mjs, ajv's standalone
 * code); the loader's messages are made from the ErrorObjects it gives. These check that the
 * generated validator gives exactly the errors ajv gives when it compiles the schema at run time
 * with the same options, as the loader did before, on every example and on thousands of broken
 * variants of them: every field of every error (keyword, paths, params, message, and with
 * `verbose` the data, the schema and the parent schema).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import schema from '../../../schemas/scenario.schema.json';
import validate from '../../../src/engine/scenario/generated/scenarioValidator';
import validatorOptions from '../../../src/engine/scenario/validatorOptions.json';
import { Rng, mutateJson } from '../hardening/mutations';

const ROOT = join(__dirname, '..', '..', '..');
const examples = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.cluster.json'))
  .sort()
  .map((f) => ({ name: f, json: JSON.parse(readFileSync(join(ROOT, 'examples', f), 'utf8')) as Record<string, unknown> }));

function runtimeValidator(): ValidateFunction {
  const ajv = new Ajv(validatorOptions.ajv);
  ajv.addVocabulary(validatorOptions.editorKeywords);
  return ajv.compile(schema);
}

describe('the scenario schema compiled at build time', () => {
  const atRunTime = runtimeValidator();

  function same(data: unknown, what: string): boolean {
    const valid = atRunTime(data);
    assert.equal(validate(data), valid, `${what}: valid`);
    assert.deepStrictEqual(validate.errors ?? null, atRunTime.errors ?? null, `${what}: errors`);
    return valid;
  }

  it('accepts every example, as ajv compiling the schema at run time does', () => {
    assert.ok(examples.length > 0);
    for (const e of examples) assert.equal(same(e.json, e.name), true, e.name);
  });

  it('gives the same errors as ajv compiling the schema at run time, on thousands of broken scenarios', () => {
    const rng = new Rng(15_2008);
    let invalid = 0;
    let errors = 0;
    for (let i = 0; i < 3000; i++) {
      const base = examples[i % examples.length]!;
      const json = structuredClone(base.json);
      const done: string[] = [];
      const n = 1 + rng.int(3);
      for (let k = 0; k < n; k++) done.push(mutateJson(json, rng));
      if (!same(json, `case ${i}: ${base.name}: ${done.join('; ')}`)) {
        invalid++;
        errors += validate.errors?.length ?? 0;
      }
    }
    // Mostly invalid, with many errors: the comparison covers the error paths, not only success.
    assert.ok(invalid > 2000 && errors > invalid, `${invalid} invalid scenarios, ${errors} errors`);
  });

  it('reads values that are not scenarios as ajv does', () => {
    for (const v of [null, 0, 'x', [], [{}], true, {}, { nodes: {} }, { nodes: [], networks: [] }]) same(v, JSON.stringify(v));
  });
});
