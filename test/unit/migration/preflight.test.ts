import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulation, loadScenario, type Scenario } from '../../../src/engine';
import type { MigrationKind, TargetVerdict } from '../../../src/engine/migration/migrationManager';
import type { Simulation } from '../../../src/engine/simulation/simulation';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.cluster.json'));
const KINDS: readonly MigrationKind[] = ['live', 'quick'];

function scenarioOf(file: string): Scenario {
  const { scenario } = loadScenario(readFileSync(join(EXAMPLES, file), 'utf8'));
  assert.ok(scenario, `${file} loads`);
  return scenario;
}

/** The run of `scenario` replayed, from nothing, to `t`. */
function at(scenario: Scenario, t: number): Simulation {
  const sim = createSimulation(scenario);
  sim.runUntil(t);
  return sim;
}

/** Every VM's preflight for both kinds, as one table. */
function table(sim: Simulation): Map<string, TargetVerdict[]> {
  const out = new Map<string, TargetVerdict[]>();
  for (const kind of KINDS) for (const vm of sim.state.vms.keys()) out.set(`${kind} ${vm}`, sim.migrations.preflight(vm, kind));
  return out;
}

/**
 * The instants looked at: the start, quarters of the run, and a second into each of the first
 * migrations the run starts (where a VM is moving and memory is reserved).
 */
function instants(scenario: Scenario): number[] {
  const sim = createSimulation(scenario);
  sim.run();
  const end = sim.now;
  const starts = sim.log.events.filter((e) => e.kind === 'migration.started').map((e) => e.t + 1);
  return [...new Set([0, end / 4, end / 2, (3 * end) / 4, ...starts.slice(0, 2)])].sort((a, b) => a - b);
}

// The "Migrate to..." pick shows the engine's preflight: it must say, for every VM and node,
// what the request then does.
describe('migration preflight', function () {
  this.timeout(120_000);

  for (const file of files) {
    it(`${file}: agrees with what the request then does, for every VM, node and kind, at several instants`, () => {
      const scenario = scenarioOf(file);
      let accepted = 0;
      let refused = 0;
      for (const t of instants(scenario)) {
        let sim = at(scenario, t);
        const verdicts = table(sim);
        for (const [key, targets] of verdicts) {
          const [kind, vm] = key.split(' ') as [MigrationKind, string];
          assert.deepEqual(targets.map((v) => v.node), [...sim.state.nodes.keys()], 'every node, in node order');
          for (const verdict of targets) {
            const where = `t=${t} ${kind} ${vm} -> ${verdict.node}`;
            const before = sim.records.migrations.length;
            const outcome = sim.request({ do: kind === 'live' ? 'liveMigrate' : 'quickMigrate', vm, to: verdict.node }, 'user');
            assert.equal(outcome.accepted, verdict.eligible, `${where}: ${'reason' in outcome ? outcome.reason : 'accepted'} vs ${verdict.reason}`);
            assert.equal('reason' in outcome ? outcome.reason : null, verdict.reason, where);
            const record = sim.records.migrations[before];
            assert.equal(record.vm, vm, where);
            if (outcome.accepted) {
              accepted++;
              assert.equal(record.outcome === 'queued', verdict.waits !== null, `${where}: waits ${verdict.waits}`);
              if (kind === 'live' && verdict.waits === null) assert.equal(record.network, verdict.network, where);
              // An accepted request changed the cluster: the next one starts from the replay.
              sim = at(scenario, t);
            } else {
              refused++;
              // A refused request changes nothing a check reads, so the same run serves the next one.
              assert.deepEqual(table(sim), verdicts, `${where}: a refusal changes no verdict`);
            }
          }
        }
      }
      assert.ok(accepted > 0 && refused > 0, `both outcomes seen (${accepted} accepted, ${refused} refused)`);
    });
  }

  it('changes nothing: a run asked for its preflight at every step logs the same events as one nobody asked', () => {
    for (const file of files) {
      const scenario = scenarioOf(file);
      const alone = createSimulation(scenario);
      alone.run();
      const asked = createSimulation(scenario);
      asked.start();
      let asks = 0;
      for (let t = 0; t < alone.now; t += alone.now / 40) {
        asked.runUntil(t);
        table(asked);
        asks++;
      }
      asked.run();
      assert.ok(asks >= 40, `${file}: asked ${asks} times`);
      // Everything but the closing line, whose time is where the asker left the clock.
      const withoutEnd = (log: string) => log.split('\n').filter((l) => !l.includes('"simulation.ended"')).join('\n');
      assert.equal(withoutEnd(asked.log.serialize()), withoutEnd(alone.log.serialize()), file);
    }
  });
});
