/** Real snapshots for the command tests, and a small evaluator of VS Code `when` clauses. */
import { strict as assert } from 'node:assert';
import { createSimulation, takeSnapshot } from '../../../src/engine';
import type { Action } from '../../../src/engine/scenario/model';
import type { Simulation } from '../../../src/engine/simulation/simulation';
import type { ClusterSnapshot } from '../../../src/engine/snapshot';
import { cluster, load, type ScenarioJson } from '../../helpers/runScenario';

/**
 * Three 16 GiB nodes; SQL01 (8 GiB) and WEB01 (4 GiB) on HV01, FS01 (2 GiB) on HV02, BIG01
 * (10 GiB) on HV03, DC01 (1 GiB) off on HV02.
 */
export function smallCluster(overrides: ScenarioJson = {}): ScenarioJson {
  return cluster({
    nodes: [
      { name: 'HV01', memory: '16GiB' },
      { name: 'HV02', memory: '16GiB' },
      { name: 'HV03', memory: '16GiB' },
    ],
    vms: [
      { name: 'SQL01', owner: 'HV01', memory: '8GiB', disk: 'CSV1', workload: 'database' },
      { name: 'WEB01', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: 'web' },
      { name: 'FS01', owner: 'HV02', memory: '2GiB', disk: 'CSV1', workload: 'idle' },
      { name: 'BIG01', owner: 'HV03', memory: '10GiB', disk: 'CSV1', workload: 'idle' },
      { name: 'DC01', owner: 'HV02', memory: '1GiB', disk: 'CSV1', workload: 'idle', state: 'off' },
    ],
    ...overrides,
  });
}

/** A started simulation after `actions` (each must be accepted), and its snapshot. */
export function clusterAfter(json: ScenarioJson, actions: readonly Action[] = [], until = 0): { sim: Simulation; snapshot: ClusterSnapshot } {
  const sim = createSimulation(load(json));
  sim.start();
  for (const action of actions) {
    const outcome = sim.request(action, 'user');
    assert.ok(outcome.accepted, `${action.do} refused: ${'reason' in outcome ? outcome.reason : ''}`);
  }
  if (until > 0) sim.runUntil(until);
  return { sim, snapshot: takeSnapshot(sim) };
}

export type WhenContext = Readonly<Record<string, string | boolean | undefined>>;

/**
 * Evaluates the `when` clauses this extension writes: terms joined by `&&`, each `key`, `!key`,
 * `key == value`, `key != value`, `key =~ /regex/flags`, `true` or `false`.
 */
export function evaluateWhen(when: string, context: WhenContext): boolean {
  return splitAnd(when).every((term) => evaluateTerm(term.trim(), context));
}

function splitAnd(when: string): string[] {
  // '&&' never occurs inside the regular expressions of this extension's clauses.
  return when.split('&&');
}

function evaluateTerm(term: string, context: WhenContext): boolean {
  if (term === 'true') return true;
  if (term === 'false') return false;
  let m = /^([\w.]+)\s*=~\s*\/(.*)\/([a-z]*)$/.exec(term);
  if (m) return new RegExp(m[2], m[3]).test(String(context[m[1]] ?? ''));
  m = /^([\w.]+)\s*(==|!=)\s*(.+)$/.exec(term);
  if (m) {
    const value = context[m[1]];
    const equal = String(value) === m[3].trim();
    return m[2] === '==' ? equal : !equal;
  }
  m = /^(!?)([\w.]+)$/.exec(term);
  if (m) return m[1] === '!' ? !context[m[2]] : Boolean(context[m[2]]);
  throw new Error(`when clause term not understood: ${term}`);
}
