import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport, createSimulation, loadScenario } from '../../src/engine';
import { invariantViolations } from '../../src/engine/simulation/invariants';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.cluster.json'));

// Every example a user can open must load without errors and run green: it is documentation.
describe('examples', () => {
  it('includes the cluster of the article', () => {
    assert.ok(files.includes('article-cluster.cluster.json'));
  });

  for (const file of files) {
    it(`${file} loads and every expectation holds`, () => {
      const { diagnostics, scenario } = loadScenario(readFileSync(join(EXAMPLES, file), 'utf8'));
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
      assert.ok(scenario);
      const sim = createSimulation(scenario);
      const broken: string[] = [];
      sim.log.subscribe((e) => broken.push(...invariantViolations(sim).map((v) => `t=${e.t} after ${e.kind}: ${v}`)));
      sim.run();
      assert.deepEqual(broken.slice(0, 5), [], 'invariants hold at every event');
      const report = buildReport(sim);
      const failed = report.expectations.filter((e) => !e.passed);
      assert.deepEqual(failed, [], `failed: ${failed.map((e) => `${e.text} (${e.actual})`).join('; ')}`);
      assert.ok(report.expectations.length > 0, 'an example shows what to expect');
    });
  }
});
