// The dashboard's model skips what cannot have changed since its last update (volumes whose
// snapshot the engine handed out again, migrations that have completed or failed). It must show
// exactly what a model built from nothing at the same moment shows, at every step of every example.
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { takeSnapshot } from '../../../src/engine';
import type { MigrationRecord } from '../../../src/engine/model/records';
import { DashboardModel } from '../../../src/extension/dashboard/model/dashboardModel';
import { EXAMPLES, exampleText, simulationOf } from './driver';

const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.cluster.json'));

describe('dashboard model kept up to date against one built at once', () => {
  for (const file of examples) {
    it(`shows the same migrations and volumes at every step of ${file}`, () => {
      const sim = simulationOf(exampleText(file));
      const kept = new DashboardModel();
      kept.liveDensity = true;
      sim.start();
      let steps = 0;
      let migrations = 0;
      while (sim.busy && sim.now < 3600) {
        sim.runUntil(sim.now + 2.5);
        const snapshot = takeSnapshot(sim);
        kept.update({ sim, snapshot, state: 'playing' });
        const fresh = new DashboardModel();
        fresh.liveDensity = true;
        fresh.update({ sim, snapshot, state: 'playing' });
        const a = kept.state();
        const b = fresh.state();
        assert.deepEqual(a.migrations, b.migrations, `${file} at ${sim.now}: migrations`);
        assert.deepEqual(a.volumes, b.volumes, `${file} at ${sim.now}: volumes`);
        migrations = Math.max(migrations, a.migrations.length);
        steps++;
      }
      assert.ok(steps > 5, `${steps} steps`);
      if (file === 'drain-node-for-updates.cluster.json') assert.ok(migrations > 2, 'the drain migrates VMs');
    });
  }

  // What the model relies on to stop looking at finished migrations.
  it('never sees a migration record change once it has completed or failed, in any example', () => {
    let settled = 0;
    for (const file of examples) {
      const sim = simulationOf(exampleText(file));
      const seen = new Map<MigrationRecord, string>();
      sim.start();
      while (sim.busy && sim.now < 3600) {
        sim.runUntil(sim.now + 1);
        for (const r of sim.records.migrations) {
          const json = JSON.stringify(r);
          const before = seen.get(r);
          if (before !== undefined) assert.equal(json, before, `${file}: ${r.vm}'s migration changed at ${sim.now} after it ${r.outcome}`);
          else if (r.outcome === 'completed' || r.outcome === 'failed') seen.set(r, json);
        }
      }
      sim.run();
      for (const [r, json] of seen) assert.equal(JSON.stringify(r), json, `${file}: ${r.vm}'s migration changed by the end of the run`);
      settled += seen.size;
    }
    assert.ok(settled > 10, `${settled} finished migrations watched`);
  });
});
