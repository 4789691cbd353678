/**
 * The invariants (invariantViolations: nothing runs outside the partition with quorum, a VM runs on
 * one node, a VM is isolated exactly while its node has no client network, ...) under the quorum
 * models the main property tests do not draw: Node and File Share Majority (the share over the
 * LAN) and No Majority: Disk Only. The same random clusters and timelines (every action), with the
 * model replaced, so the main properties' draws stay as they are.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { createSimulation, loadScenario } from '../../../src/engine';
import { invariantViolations } from '../../../src/engine/simulation/invariants';
import { PROPERTY_SEED, blueprintArb, runs, scenarioJson, type Json } from './scenarioArbitrary';

const EVENT_BOUND = 200_000;

function check(json: Json): void {
  const text = JSON.stringify(json, null, 2);
  const { scenario, diagnostics } = loadScenario(text);
  assert.ok(scenario, `does not load: ${diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('; ')}\n${text}`);
  const sim = createSimulation(scenario);
  const broken: string[] = [];
  sim.log.subscribe((e) => {
    if (broken.length < 5) for (const v of invariantViolations(sim)) broken.push(`t=${e.t} after ${e.kind} (${e.subject}): ${v}`);
  });
  const ended = sim.run(EVENT_BOUND);
  assert.deepEqual(broken, [], `invariants broken\n${text}`);
  assert.notEqual(ended, 'eventLimit', `the run did not end within ${EVENT_BOUND} events\n${text}`);
}

describe('properties: the file share witness and Disk Only', function () {
  this.timeout(120_000);

  for (const model of ['nodeAndFileShareMajority', 'diskOnly'] as const) {
    it(`${model}: at every event the invariants hold and every run ends`, () => {
      fc.assert(
        fc.property(blueprintArb, (bp) => {
          const json = scenarioJson({ ...bp, witness: true });
          const settings = json.settings as Json;
          settings.quorum = model === 'diskOnly' ? { model, witness: 'Quorum' } : { model, fileShareWitness: { network: 'LAN' } };
          check(json);
        }),
        { seed: PROPERTY_SEED + 7, numRuns: runs(40) },
      );
    });
  }
});
