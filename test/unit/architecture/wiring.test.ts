/**
 * The engine's wiring (simulation/createSimulation.ts): modules react to each other through typed
 * hooks, never through the event log, and every action kind is carried out by some module.
 */
import { strict as assert } from 'node:assert';
import { createSimulation } from '../../../src/engine';
import { ACTION_KINDS } from '../../../src/engine/scenario/actions';
import type { Action, ActionKind } from '../../../src/engine/scenario/model';
import { presetWorkload } from '../../../src/engine/scenario/workloadPresets';
import { cluster, load } from '../../helpers/runScenario';

const scenario = () =>
  load(
    cluster({
      vms: [
        { name: 'VM1', owner: 'HV01', memory: '1GiB', disk: 'CSV1', workload: 'web' },
        { name: 'VM2', owner: 'HV02', memory: '1GiB', disk: 'CSV1', workload: 'idle', state: 'off' },
      ],
    }),
  );

/** One action of each kind, on names the cluster has. */
const ONE_OF_EACH: { readonly [K in ActionKind]: Extract<Action, { do: K }> } = {
  liveMigrate: { do: 'liveMigrate', vm: 'VM1', to: 'HV02' },
  quickMigrate: { do: 'quickMigrate', vm: 'VM1', to: 'HV03' },
  drainNode: { do: 'drainNode', node: 'HV03' },
  resumeNode: { do: 'resumeNode', node: 'HV03' },
  crashNode: { do: 'crashNode', node: 'HV02' },
  startNode: { do: 'startNode', node: 'HV02' },
  stopClusterService: { do: 'stopClusterService', node: 'HV03' },
  startClusterService: { do: 'startClusterService', node: 'HV03' },
  disconnect: { do: 'disconnect', node: 'HV01', network: 'LAN' },
  reconnect: { do: 'reconnect', node: 'HV01', network: 'LAN' },
  failNetwork: { do: 'failNetwork', network: 'Cluster' },
  restoreNetwork: { do: 'restoreNetwork', network: 'Cluster' },
  maintenance: { do: 'maintenance', disk: 'CSV1', on: true },
  redirectedAccess: { do: 'redirectedAccess', disk: 'CSV1', on: true },
  moveCoordinator: { do: 'moveCoordinator', disk: 'CSV1', to: 'HV03' },
  repairVolume: { do: 'repairVolume', disk: 'CSV1', task: 'chkdsk', duration: 5 },
  backup: { do: 'backup', disk: 'CSV1', duration: 5 },
  setWorkload: { do: 'setWorkload', vm: 'VM1', workload: presetWorkload('database', null) },
  startVm: { do: 'startVm', vm: 'VM2' },
  stopVm: { do: 'stopVm', vm: 'VM2' },
  saveVm: { do: 'saveVm', vm: 'VM1' },
};

describe('architecture: the wiring of a simulation', () => {
  it('leaves the event log to views: no module listens to it', () => {
    const sim = createSimulation(scenario());
    assert.equal(sim.log.listenerCount, 0);
    sim.run();
    assert.equal(sim.log.listenerCount, 0);
  });

  it('carries out every kind of action, each by its module (accepted, or refused with the cluster\'s reason)', () => {
    const sim = createSimulation(scenario());
    sim.start();
    let t = 0;
    for (const kind of ACTION_KINDS) {
      t += 30;
      sim.runUntil(t);
      const outcome = sim.request(ONE_OF_EACH[kind]);
      if (!outcome.accepted) assert.doesNotMatch(outcome.reason, /no action|not simulated/, `${kind}: ${outcome.reason}`);
    }
    sim.run();
    const handled = new Set(sim.log.events.filter((e) => e.kind === 'action').map((e) => (e as { action: string }).action));
    assert.deepEqual([...handled].sort(), [...ACTION_KINDS].sort());
    // Most are accepted in this order; the point is that none falls through.
    const refused = sim.log.events.filter((e) => e.kind === 'action.rejected').length;
    assert.ok(refused < ACTION_KINDS.length / 2, `${refused} refused`);
  });

  it('refuses an action of a kind that does not exist, by hand, naming those that do, and the run goes on', () => {
    const sim = createSimulation(scenario());
    sim.start();
    const outcome = sim.request({ do: 'teleport', vm: 'VM1' } as unknown as Action);
    assert.equal(outcome.accepted, false);
    assert.match(outcome.accepted ? '' : outcome.reason, /^there is no action "teleport"; an action is one of liveMigrate, quickMigrate, .*saveVm$/);
    assert.deepEqual(
      sim.log.events.slice(-2).map((e) => e.kind),
      ['action', 'action.rejected'],
    );
    assert.equal(sim.run(), 'finished');
  });
});
