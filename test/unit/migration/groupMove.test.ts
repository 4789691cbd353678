/**
 * A move of a group through its VMs' offline action (the mechanism a quick migration, a failback
 * and stopping the cluster service share: migration/quickMigration.ts), when a node it depends on
 * goes down midway. Figures by hand: heartbeats 1 s apart, 5 missed (a crash at t is declared
 * at ceil(t) + 5); guestShutdownTime and bootTime 60 s; a 4 GiB VM with no disk I/O saves or
 * restores in 16 s on a 256 MiB/s CSV.
 */
import { strict as assert } from 'node:assert';
import { cluster, workload, type ScenarioJson } from '../../helpers/runScenario';
import { eventsOf, runChecked } from '../health/helpers';

const quiet = workload('1MB/s', '64MiB', 0.9);

/**
 * D (shutdown) fails over from HV01 to HV02 (online at 75 s); HV01 starts at 100 s, joins at
 * 101 s, and D fails back: its guest shuts down on HV02 until 161 s, then boots on HV01.
 */
function failbackOfShutdownVm(timeline: ScenarioJson[]): ScenarioJson {
  return cluster({
    vms: [{ name: 'D', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: quiet, offlineAction: 'shutdown', failback: 'immediately', preferredOwners: ['HV01', 'HV02'], clients: 3 }],
    timeline: [{ at: '10s', do: 'crashNode', node: 'HV01' }, { at: '100s', do: 'startNode', node: 'HV01' }, ...timeline],
  });
}

describe('group move through the offline action: a node going down midway', () => {
  it('the target dies while the guest shuts down: the move fails, the shutdown ends where it is, then the cluster brings the group online (boot)', () => {
    const { sim, report } = runChecked(failbackOfShutdownVm([{ at: '130s', do: 'crashNode', node: 'HV01' }]));
    assert.deepEqual(report.migrations.map((m) => [m.cause, m.outcome, m.completedAt, m.leftOn]), [['failback', 'failed', 130, 'HV02']]);
    // Off at 161 s on HV02 (a guest shutdown cannot be called back), left to the cluster's group
    // failover: detected at once (HV02 is alive), booted on the node after HV02 in D's node list
    // (HV01, HV02, HV03): HV03, online at 221 s.
    const last = report.failovers.at(-1)!;
    assert.deepEqual([last.vm, last.cause, last.from, last.to, last.failedAt, last.detectedAt, last.onlineAt, last.lostBytes], ['D', 'moveFailed', 'HV02', 'HV03', 161, 161, 221, 0]);
    assert.equal(last.reason, null);
    assert.deepEqual(
      eventsOf(sim, 'vm.state').filter((e) => e.t >= 101).map((e) => [e.t, e.state, e.node]),
      [
        [161, 'off', 'HV02'],
        [161, 'booting', 'HV03'],
        [221, 'running', 'HV03'],
      ],
    );
    // Its outage ran from the start of the shutdown (101 s) to 221 s, on top of the failover's 65 s.
    assert.deepEqual([report.vms[0].state, report.vms[0].downtime], ['running', 65 + 120]);
  });

  it('the source dies while the guest shuts down: the VM goes down with it and fails over, crash-consistent', () => {
    const { report } = runChecked(failbackOfShutdownVm([{ at: '130s', do: 'crashNode', node: 'HV02' }]));
    assert.deepEqual(report.migrations.map((m) => [m.outcome, m.reason, m.leftOn]), [['failed', 'source node HV02 went down', 'HV02']]);
    // HV02 crashed at 130 s, declared down at 135 s: D boots on the node after HV02 in its node
    // list (HV01, HV02, HV03), HV03, online at 195 s.
    assert.deepEqual(report.failovers.map((f) => [f.from, f.to, f.cause, f.failedAt, f.onlineAt]), [
      ['HV01', 'HV02', 'nodeCrashed', 10, 75],
      ['HV02', 'HV03', 'nodeCrashed', 130, 195],
    ]);
  });

  it('the target dies while the VM boots there: the VM stops with it and fails over', () => {
    // Shut down on HV02 at 161 s, booting on HV01 from then: HV01 crashes at 190 s.
    const { report } = runChecked(failbackOfShutdownVm([{ at: '190s', do: 'crashNode', node: 'HV01' }]));
    assert.deepEqual(report.migrations.map((m) => [m.outcome, m.reason, m.leftOn]), [['failed', 'target node HV01 went down', 'HV01']]);
    const last = report.failovers.at(-1)!;
    assert.deepEqual([last.from, last.to, last.cause, last.failedAt, last.lostBytes], ['HV01', 'HV02', 'nodeCrashed', 190, 0]);
    assert.equal(report.vms[0].state, 'running');
  });
});
