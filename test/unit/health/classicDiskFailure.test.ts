import { strict as assert } from 'node:assert';
import { invariantViolations } from '../../../src/engine/simulation/invariants';
import { cluster, run as runScenario, type ScenarioJson } from '../../helpers/runScenario';

/** Every run is checked against the engine's invariants at every event. */
const run = (json: ScenarioJson) => runScenario(json, (sim) => assert.deepEqual(invariantViolations(sim), [], `at t=${sim.now}`));

/**
 * Two VMs on one classic disk reached over iSCSI, both on HV01; boots take 30 s. The node list is
 * not drawn at random (disableGroupPreferredOwnerRandomization), so the group fails over to the
 * next node after HV01 in file order, HV02.
 */
function scenario(timeline: ScenarioJson[]): ScenarioJson {
  return cluster({
    settings: { liveMigration: { networks: ['Live Migration', 'LAN'] }, bootTime: '30s', disableGroupPreferredOwnerRandomization: true },
    disks: [{ name: 'Disk Q', size: '500GiB', throughput: '256MiB/s', path: 'iSCSI' }],
    vms: [
      { name: 'APP', owner: 'HV01', memory: '2GiB', disk: 'Disk Q', workload: 'web', clients: 20 },
      { name: 'DB', owner: 'HV01', memory: '4GiB', disk: 'Disk Q', workload: 'database', clients: 5 },
    ],
    timeline,
  });
}

const diskEvents = (sim: ReturnType<typeof run>['sim']) =>
  sim.log.events.flatMap((e) => (e.kind === 'disk.state' ? [[e.t, e.reason, e.node, e.online] as const] : []));

describe('a classic disk whose owner loses its storage path', () => {
  it('fails with its VMs (crash-consistent), is restarted once on the same node, then its group fails over to a node that reaches it', () => {
    const { report, sim } = run(scenario([{ at: '10s', do: 'disconnect', node: 'HV01', network: 'iSCSI' }]));
    const events = diskEvents(sim);
    assert.deepEqual(events.map(([, reason, node, online]) => [reason, node, online]), [
      ['storagePathLost', 'HV01', false],
      ['restartFailed', 'HV01', false],
      ['failedOver', 'HV02', true],
    ]);
    assert.equal(events[0][0], 10);
    // The restart attempt takes as long as the disk coming online (0.7 s): then the group moves.
    assert.ok(Math.abs(events[1][0] - 10.7) < 1e-9, `restart failed at ${events[1][0]}`);
    assert.equal(events[2][0], events[1][0]);
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.cause, f.from, f.to, f.failedAt, f.detectedAt]), [
      ['APP', 'diskFailed', 'HV01', 'HV02', 10, 10],
      ['DB', 'diskFailed', 'HV01', 'HV02', 10, 10],
    ]);
    for (const f of report.failovers) {
      // Unflushed writes of a web and a database VM that ran 10 s are lost, as in a crash.
      assert.ok(f.lostBytes > 0, `${f.vm} lost its unflushed writes`);
      assert.ok(Math.abs(f.downtime! - (0.7 + 30)) < 1e-9, `${f.vm} was down ${f.downtime} s: the restart attempt and its boot`);
    }
    assert.deepEqual(report.vms.map((v) => [v.vm, v.node, v.state]), [['APP', 'HV02', 'running'], ['DB', 'HV02', 'running']]);
    assert.deepEqual([sim.state.disk('Disk Q').owner, sim.state.disk('Disk Q').online], ['HV02', true]);
    // The I/O follows the disk.
    assert.ok(sim.storage.rates('Disk Q', 'HV02').throughput > 0);
    // Clients are cut off when the VMs stop.
    assert.deepEqual(report.vms.map((v) => v.clientsDisconnected), [20, 5]);
  });

  it('comes back on the same node when the path is back before the restart attempt ends', () => {
    const { report, sim } = run(
      scenario([
        { at: '10s', do: 'disconnect', node: 'HV01', network: 'iSCSI' },
        { at: '10.2s', do: 'reconnect', node: 'HV01', network: 'iSCSI' },
      ]),
    );
    assert.deepEqual(diskEvents(sim).map(([t, reason, node, online]) => [t, reason, node, online]), [
      [10, 'storagePathLost', 'HV01', false],
      [10.7, 'restarted', 'HV01', true],
    ]);
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.cause, f.to]), [['APP', 'diskFailed', 'HV01'], ['DB', 'diskFailed', 'HV01']]);
    assert.deepEqual(report.vms.map((v) => [v.node, v.state]), [['HV01', 'running'], ['HV01', 'running']]);
  });

  it('fails the group over at once when it fails again within 15 minutes of its restart (one restart per period)', () => {
    const { sim } = run(
      scenario([
        { at: '10s', do: 'disconnect', node: 'HV01', network: 'iSCSI' },
        { at: '10.2s', do: 'reconnect', node: 'HV01', network: 'iSCSI' },
        { at: '100s', do: 'disconnect', node: 'HV01', network: 'iSCSI' },
      ]),
    );
    const events = diskEvents(sim).map(([t, reason, node]) => [t, reason, node]);
    assert.deepEqual(events, [
      [10, 'storagePathLost', 'HV01'],
      [10.7, 'restarted', 'HV01'],
      [100, 'storagePathLost', 'HV01'],
      [100, 'failedOver', 'HV02'],
    ]);
  });

  it('stays failed, with the reason, while no node reaches the disk, and fails over once one does', () => {
    const { report, sim } = run(
      scenario([
        { at: '10s', do: 'failNetwork', network: 'iSCSI' },
        { at: '60s', do: 'restoreNetwork', network: 'iSCSI' },
      ]),
    );
    const waits = sim.log.events.filter((e) => e.kind === 'failover.failed' && e.subject === 'APP');
    assert.ok(waits.length > 0);
    assert.match(waits[0].reason!, /cannot reach Disk Q/);
    // Once the network is back the group fails over as any failover does: to the next node after
    // HV01 in its list (HV02, HV03, then HV01 last), where the disk comes online.
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.cause, f.to, f.detectedAt]), [['APP', 'diskFailed', 'HV02', 10], ['DB', 'diskFailed', 'HV02', 10]]);
    assert.ok(report.failovers.every((f) => f.onlineAt === 60 + 30), 'both boot once the network is back');
    assert.deepEqual(diskEvents(sim).map(([t, reason, node]) => [t, reason, node]), [[10, 'storagePathLost', 'HV01'], [10.7, 'restartFailed', 'HV01'], [60, 'failedOver', 'HV02']]);
  });

  it('refuses to start a VM that is off on it while it has failed: the VM depends on its disk', () => {
    const json = scenario([
      { at: '10s', do: 'failNetwork', network: 'iSCSI' },
      { at: '20s', do: 'startVm', vm: 'SPARE' },
    ]);
    (json.vms as ScenarioJson[]).push({ name: 'SPARE', owner: 'HV01', memory: '1GiB', disk: 'Disk Q', workload: 'idle', state: 'off' });
    const { report } = run(json);
    const refused = report.notices.filter((n) => n.subject === 'SPARE' && n.kind === 'rejected');
    assert.equal(refused.length, 1);
    assert.match(refused[0].reason, /its disk Disk Q has failed/);
    assert.deepEqual(report.vms.find((v) => v.vm === 'SPARE')?.state, 'off');
  });

  it('fails a live migration of a VM on it under way: the VM stops with its disk and fails over', () => {
    const { report } = run(
      cluster({
        disks: [{ name: 'Disk Q', size: '500GiB', throughput: '256MiB/s', path: 'iSCSI' }],
        vms: [{ name: 'APP', owner: 'HV01', memory: '8GiB', disk: 'Disk Q', workload: 'web' }],
        timeline: [
          { at: '10s', do: 'liveMigrate', vm: 'APP', to: 'HV03' },
          { at: '20s', do: 'disconnect', node: 'HV01', network: 'iSCSI' },
        ],
      }),
    );
    assert.equal(report.migrations[0].outcome, 'failed');
    assert.match(report.migrations[0].reason!, /Disk Q failed on HV01/);
    assert.deepEqual(report.failovers.map((f) => [f.cause, f.from, f.to]), [['diskFailed', 'HV01', 'HV02']]);
    assert.deepEqual([report.vms[0].node, report.vms[0].state], ['HV02', 'running']);
  });

  it('leaves a Cluster Shared Volume alone: its node is redirected, its VMs run on', () => {
    const { report } = run(
      cluster({
        disks: [{ name: 'CSV1', size: '2TiB', throughput: '256MiB/s', csv: true, path: 'iSCSI', coordinator: 'HV02' }],
        vms: [{ name: 'APP', owner: 'HV01', memory: '2GiB', disk: 'CSV1', workload: 'web' }],
        timeline: [{ at: '10s', do: 'disconnect', node: 'HV01', network: 'iSCSI' }],
      }),
    );
    assert.deepEqual(report.failovers, []);
    assert.deepEqual([report.vms[0].node, report.vms[0].state], ['HV01', 'running']);
  });
});
