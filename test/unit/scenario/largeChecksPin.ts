/**
 * What the loader's checks say about two scenarios at the loader's limits, condensed to pin it:
 * for each diagnostic code of the semantic checks and the cluster warnings (run directly on the
 * broken scenario of largeScenarioWithErrors.ts) and for two whole loads (that scenario, and the
 * benchmark's valid 8,000-VM drain cluster, every diagnostic with its line and column), the count,
 * a SHA-256 of the diagnostics in order and the first one in full.
 *
 * test/fixtures/large-checks.pins.json holds these figures as the code gave them before its
 * checks were made faster (commit b164353). To make it again from some other code, copy this file
 * and largeScenarioWithErrors.ts into that checkout and run
 *   npx tsx test/unit/scenario/largeChecksPin.ts --write <file>
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { drainScenario } from '../../../scripts/bench/scenarios';
import type { Diagnostic } from '../../../src/engine/scenario/diagnostics';
import { loadScenario } from '../../../src/engine/scenario/load';
import { normalizeScenario } from '../../../src/engine/scenario/normalize';
import { checkSchema } from '../../../src/engine/scenario/schemaCheck';
import { checkSemantics } from '../../../src/engine/scenario/semantic';
import { clusterWarnings } from '../../../src/engine/scenario/warnings';
import { largeScenarioWithErrors } from './largeScenarioWithErrors';

export interface Pin {
  readonly count: number;
  readonly sha256: string;
  readonly first: Diagnostic;
}

function pin(diagnostics: readonly Diagnostic[]): Pin {
  return { count: diagnostics.length, sha256: createHash('sha256').update(JSON.stringify(diagnostics)).digest('hex'), first: diagnostics[0]! };
}

function byCode(prefix: string, diagnostics: readonly Diagnostic[]): Record<string, Pin> {
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  return Object.fromEntries(codes.map((code) => [`${prefix}:${code}`, pin(diagnostics.filter((d) => d.code === code))]));
}

export function largeCheckPins(): Record<string, Pin> {
  const json = largeScenarioWithErrors();
  if (checkSchema(json).length > 0) throw new Error('the broken scenario must pass the schema: the checks pinned come after it');
  const { scenario, diagnostics } = normalizeScenario(json);
  if (diagnostics.length > 0) throw new Error('the broken scenario must normalize');
  return {
    ...byCode('semantic', checkSemantics(scenario)),
    ...byCode('warnings', clusterWarnings(scenario)),
    'load:broken': pin(loadScenario(JSON.stringify(json, null, 2)).diagnostics),
    'load:drain64': pin(loadScenario(JSON.stringify(drainScenario(64, 8000).json, null, 2)).diagnostics),
  };
}

if (process.argv.includes('--write')) {
  const file = process.argv[process.argv.indexOf('--write') + 1]!;
  writeFileSync(file, `${JSON.stringify(largeCheckPins(), null, 2)}\n`);
}
