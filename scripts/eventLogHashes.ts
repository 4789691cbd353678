/**
 * One sha256 per event log, to show that a change meant to leave behaviour alone (a refactor, a
 * speed-up) left every run byte-identical:
 *
 *   npx tsx scripts/eventLogHashes.ts [--out file]      then diff two outputs
 *
 * Hashed: every example in examples/ run to the end, its event log as `fcsim run X --events`
 * prints it (one JSON line per event) and its report as `fcsim run X --json` prints it; and the
 * runs of the property tests (test/unit/hardening/properties.test.ts): the same arbitraries, seeds
 * and numbers of runs, drawn by fast-check exactly as the tests draw them, including the actions
 * the by-hand property takes. One `name hash` line each.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildReport, createSimulation, loadScenario } from '../src/engine';
import type { Scenario } from '../src/engine/scenario/model';
import { DEFAULT_EVENT_LIMIT } from '../src/engine/simulation/simulation';
import { byHandAction, byHandArb } from '../test/unit/hardening/byHand';
import { PROPERTY_SEED, blueprintArb, runs, scenarioArb, scenarioJson, type Json } from '../test/unit/hardening/scenarioArbitrary';

/** The property tests' bound on a run (properties.test.ts). */
const PROPERTY_EVENT_BOUND = 200_000;

const ROOT = join(__dirname, '..');

type ByHand = typeof byHandArb extends fc.Arbitrary<infer A> ? A : never;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A simulation whose events are kept as the CLI prints them with --events. */
function recorded(scenario: Scenario) {
  const sim = createSimulation(scenario);
  const lines: string[] = [];
  sim.log.subscribe((e) => lines.push(JSON.stringify(e) + '\n'));
  return { sim, hash: () => sha256(lines.join('')) };
}

function load(text: string): Scenario {
  const { scenario, diagnostics } = loadScenario(text);
  if (!scenario) throw new Error(`does not load: ${diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`);
  return scenario;
}

/** The generated scenario as the property tests load it. */
function loadJson(json: Json): Scenario {
  return load(JSON.stringify(json, null, 2));
}

/** The values fast-check draws for a property with this seed and number of runs (every run passes). */
function drawn<T extends unknown[]>(arbs: { [K in keyof T]: fc.Arbitrary<T[K]> }, seed: number, numRuns: number): T[] {
  const out: T[] = [];
  fc.assert(
    fc.property(...(arbs as unknown as [fc.Arbitrary<unknown>]), (...values: unknown[]) => {
      out.push(values as T);
    }),
    { seed, numRuns },
  );
  return out;
}

function main(argv: readonly string[]): void {
  const outIndex = argv.indexOf('--out');
  const outFile = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  if (outIndex >= 0 && !outFile) throw new Error('--out needs a file');
  const lines: string[] = [];
  const put = (name: string, hash: string): void => {
    lines.push(`${name} ${hash}`);
    process.stdout.write(`${name} ${hash}\n`);
  };

  const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.cluster.json')).sort();
  for (const file of examples) {
    const { sim, hash } = recorded(load(readFileSync(join(ROOT, 'examples', file), 'utf8')));
    sim.run(DEFAULT_EVENT_LIMIT);
    put(`examples/${file}:events`, hash());
    put(`examples/${file}:report`, sha256(JSON.stringify(buildReport(sim), null, 2) + '\n'));
  }

  const runPlain = (json: Json): string => {
    const { sim, hash } = recorded(loadJson(json));
    sim.run(PROPERTY_EVENT_BOUND);
    return hash();
  };

  // 'at every event the invariants hold...'
  drawn<[Json]>([scenarioArb], PROPERTY_SEED, runs(120)).forEach(([json], i) => put(`properties/invariants#${i}`, runPlain(json)));

  // 'actions by hand, at any moment and on any name, never throw...'
  drawn<[Json, ByHand]>([scenarioArb, byHandArb], PROPERTY_SEED + 3, runs(100)).forEach(
    ([json, actions], i) => {
      const { sim, hash } = recorded(loadJson({ ...json, timeline: [], duration: undefined }));
      sim.start();
      let t = 0;
      for (const h of actions) {
        t += h.dtMs / 1000;
        sim.runUntil(t);
        sim.request(byHandAction(json, h), 'user');
      }
      sim.run(PROPERTY_EVENT_BOUND);
      put(`properties/byHand#${i}`, hash());
    },
  );

  // 'the same scenario and seed replay to the same event log...'
  drawn<[Json]>([scenarioArb], PROPERTY_SEED + 1, runs(60)).forEach(([json], i) => put(`properties/replay#${i}`, runPlain(json)));

  // 'a different seed changes only the random draws...'
  drawn<[Parameters<typeof scenarioJson>[0], number]>([blueprintArb, fc.integer({ min: 0, max: 0xffffffff })], PROPERTY_SEED + 2, runs(30)).forEach(
    ([bp, otherSeed], i) => {
      put(`properties/seeds#${i}a`, runPlain(scenarioJson(bp)));
      put(`properties/seeds#${i}b`, runPlain(scenarioJson({ ...bp, seed: otherSeed })));
    },
  );

  if (outFile) writeFileSync(outFile, lines.join('\n') + '\n');
}

main(process.argv.slice(2));
