import { strict as assert } from 'node:assert';
import { createSimulation } from '../../../src/engine';
import { takeSnapshot } from '../../../src/engine';
import { cluster, load } from '../../helpers/runScenario';

// A view may look at a running migration as often as it likes: the run must stay the same,
// event for event, as a run nobody watched (the CLI's).
describe('watching a live migration', () => {
  it('does not change the run: dirty density and snapshots consume no random draws', () => {
    const json = cluster({
      vms: [{ name: 'SQL01', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: 'database' }],
      timeline: [{ at: '1s', do: 'liveMigrate', vm: 'SQL01', to: 'HV02' }],
    });
    const alone = createSimulation(load(json));
    alone.run();

    const watched = createSimulation(load(json));
    watched.start();
    let looked = 0;
    let densities = 0;
    for (let t = 0.5; watched.busy; t += 0.37) {
      watched.runUntil(t);
      takeSnapshot(watched);
      for (const m of watched.migrations.liveMigrations()) {
        const d = m.dirtyDensity(256);
        assert.equal(d.length, 256);
        assert.ok(d.every((x) => x >= 0 && x <= 1));
        densities++;
      }
      looked++;
    }
    watched.run();
    assert.ok(looked > 50 && densities > 50);
    // Everything but the closing line, whose time is where the watcher left the clock.
    const withoutEnd = (log: string) => log.split('\n').filter((l) => !l.includes('"simulation.ended"')).join('\n');
    assert.equal(withoutEnd(watched.log.serialize()), withoutEnd(alone.log.serialize()));
  });
});
