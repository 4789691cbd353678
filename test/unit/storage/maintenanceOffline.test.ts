import { strict as assert } from 'node:assert';
import { buildReport } from '../../../src/engine';
import { loadScenario } from '../../../src/engine/scenario/load';
import { close, csvCluster, eventsOf, MB, simulate } from './storageHelpers';

/**
 * Maintenance of a CSV in 2008 R2 "takes dependent resources offline, which interrupts client
 * access; for other disks (LUNs) ... leaves dependent resources online" (Suspend-ClusterResource);
 * the cluster takes each VM offline through its OfflineAction (Save by default, Shut down, Turn off).
 */

/** Three VMs on CSV1, one per offline action, 10 MB/s of disk I/O each, 10 clients each. */
function threeActions(timeline: unknown[], settings: Record<string, unknown> = {}) {
  const workload = { memoryWrites: '1MB/s', workingSet: '64MiB', hotShare: 0.9, diskIo: '10MB/s' };
  return csvCluster({
    settings: { liveMigration: { networks: ['Cluster'] }, guestShutdownTime: '30s', bootTime: '40s', ...settings },
    vms: [
      { name: 'SAVE', owner: 'HV01', memory: '1GiB', disk: 'CSV1', workload, clients: 10 },
      { name: 'SHUT', owner: 'HV02', memory: '1GiB', disk: 'CSV1', workload, clients: 10, offlineAction: 'shutdown' },
      { name: 'OFF', owner: 'HV03', memory: '1GiB', disk: 'CSV1', workload, clients: 10, offlineAction: 'turnOff' },
    ],
    timeline,
  });
}

describe('maintenance of a CSV takes its VMs offline through their offline action, and back', () => {
  it('save, shut down and turn off: each goes offline its own way, comes back when maintenance is off, with its downtime and lost clients', () => {
    const sim = simulate(
      threeActions([
        { at: '10s', do: 'maintenance', disk: 'CSV1', on: true },
        { at: '100s', do: 'maintenance', disk: 'CSV1', on: false },
      ]),
    );
    sim.runUntil(10);
    const status = (vm: string): string => sim.state.vm(vm).status;
    // At once: the save starts, the guest begins to shut down (still running), the turn-off is done.
    assert.deepEqual(['SAVE', 'SHUT', 'OFF'].map(status), ['saving', 'running', 'off']);
    sim.runUntil(39.9);
    assert.equal(status('SHUT'), 'running', 'the guest takes guestShutdownTime (30 s) to shut down');
    sim.runUntil(40.1);
    assert.deepEqual(['SAVE', 'SHUT', 'OFF'].map(status), ['saved', 'off', 'off']);
    sim.runUntil(99);
    assert.deepEqual(['SAVE', 'SHUT', 'OFF'].map(status), ['saved', 'off', 'off'], 'they stay offline while maintenance is on');
    sim.run();
    const report = buildReport(sim);
    assert.ok(report.vms.every((v) => v.state === 'running'));
    const [save, shut, off] = report.offlines;
    assert.deepEqual(
      report.offlines.map((o) => [o.vm, o.cause, o.action, o.startedAt]),
      [
        ['SAVE', 'maintenance', 'save', 10],
        ['SHUT', 'maintenance', 'shutdown', 10],
        ['OFF', 'maintenance', 'turnOff', 10],
      ],
    );
    // Save: memory written then read back over the storage path, a few seconds each way.
    assert.ok(save.offlineAt! > 10 && save.offlineAt! < 40, `saved at ${save.offlineAt}`);
    assert.ok(save.onlineAt! > 100 && save.onlineAt! < 140, `restored at ${save.onlineAt}`);
    // Shut down: 30 s of guest shutdown; boots for 40 s after maintenance is off.
    assert.equal(shut.offlineAt, 40);
    assert.equal(shut.onlineAt, 140);
    assert.equal(shut.downtime, 130);
    // Turn off: at once, and loses what a crash loses: 8 s of its writes (the lazy writer's steady state).
    assert.equal(off.offlineAt, 10);
    assert.equal(off.onlineAt, 140);
    close(off.lostBytes, 8 * 10 * MB, 'OFF lost bytes', 1e-6);
    assert.equal(save.lostBytes + shut.lostBytes, 0);
    for (const o of report.offlines) {
      close(o.downtime!, o.onlineAt! - 10, `${o.vm} downtime`);
      assert.equal(o.clientsDisconnected, 10, `${o.vm}: an outage longer than tcpTimeout loses every client`);
      const vm = report.vms.find((v) => v.vm === o.vm)!;
      assert.equal(vm.downtime, o.downtime);
      assert.equal(vm.clientsDisconnected, 10);
    }
  });

  it('maintenance turned off while a guest is still shutting down: it comes back once it is off', () => {
    const sim = simulate(
      threeActions([
        { at: '10s', do: 'maintenance', disk: 'CSV1', on: true },
        { at: '20s', do: 'maintenance', disk: 'CSV1', on: false },
      ]),
    );
    sim.run();
    const shut = buildReport(sim).offlines.find((o) => o.vm === 'SHUT')!;
    assert.equal(shut.offlineAt, 40);
    assert.equal(shut.onlineAt, 80);
  });

  it('a VM whose node has no storage path of its own cannot be saved: it is turned off instead, and says so', () => {
    const sim = simulate(
      threeActions([
        { at: '5s', do: 'disconnect', node: 'HV01', network: 'iSCSI' },
        { at: '10s', do: 'maintenance', disk: 'CSV1', on: true },
        { at: '100s', do: 'maintenance', disk: 'CSV1', on: false },
      ]),
    );
    sim.run();
    const save = buildReport(sim).offlines.find((o) => o.vm === 'SAVE')!;
    assert.equal(save.action, 'save');
    assert.equal(save.offlineAt, 10);
    assert.match(save.reason!, /HV01 has no direct access to CSV1.*turned off instead of saved/);
    close(save.lostBytes, 8 * 10 * MB, 'SAVE lost bytes', 1e-6);
    assert.equal(save.onlineAt, 140, 'it boots (40 s) rather than being restored');
  });

  it('leaves alone a VM that is not running when maintenance turns on: it is not listed and stays off', () => {
    const sim = simulate(
      csvCluster({
        vms: [
          { name: 'UP', owner: 'HV01', memory: '1GiB', disk: 'CSV1' },
          { name: 'DOWN', owner: 'HV02', memory: '1GiB', disk: 'CSV1', state: 'off' },
        ],
        timeline: [
          { at: '10s', do: 'maintenance', disk: 'CSV1', on: true },
          { at: '60s', do: 'maintenance', disk: 'CSV1', on: false },
        ],
      }),
    );
    sim.run();
    const report = buildReport(sim);
    assert.deepEqual(report.offlines.map((o) => o.vm), ['UP']);
    assert.deepEqual(report.vms.map((v) => [v.vm, v.state]), [
      ['UP', 'running'],
      ['DOWN', 'off'],
    ]);
  });

  it('maintenance of a classic disk leaves its VMs online', () => {
    const sim = simulate(
      csvCluster({
        disks: [
          { name: 'CSV1', size: '2TiB', csv: true, path: 'iSCSI', coordinator: 'HV01' },
          { name: 'LUN1', size: '500GiB', path: 'iSCSI' },
        ],
        vms: [{ name: 'VM1', owner: 'HV01', memory: '1GiB', disk: 'LUN1', workload: 'web', clients: 10, offlineAction: 'turnOff' }],
        duration: '60s',
        timeline: [
          { at: '10s', do: 'maintenance', disk: 'LUN1', on: true },
          { at: '30s', do: 'maintenance', disk: 'LUN1', on: false },
        ],
      }),
    );
    sim.run();
    const report = buildReport(sim);
    assert.deepEqual(report.offlines, []);
    assert.deepEqual(report.vms.map((v) => [v.state, v.downtime, v.clientsDisconnected]), [['running', 0, 0]]);
    assert.deepEqual(eventsOf(sim, 'disk.maintenance').map((e) => [e.t, e.on]), [
      [10, true],
      [30, false],
    ]);
    assert.deepEqual(report.notices, []);
  });

  it('a file written before redirectedAccess existed, with maintenance, still loads; offlineAction and guestShutdownTime default to save and 60 s', () => {
    const { scenario, diagnostics } = loadScenario(
      JSON.stringify(csvCluster({ vms: [{ name: 'VM1', owner: 'HV01', memory: '1GiB', disk: 'CSV1' }], timeline: [{ at: '10s', do: 'maintenance', disk: 'CSV1', on: true }] })),
    );
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
    assert.equal(scenario!.vms[0].offlineAction, 'save');
    assert.equal(scenario!.settings.guestShutdownTime, 60);
  });
});

describe('a backup or a repair run from another node moves the volume there first', () => {
  const twoVms = { vms: [{ name: 'V1', owner: 'HV01', memory: '1GiB', disk: 'CSV1', workload: 'web' }, { name: 'V2', owner: 'HV03', memory: '1GiB', disk: 'CSV1', workload: 'web' }] };

  it('backup with node: the coordinator role moves to the backup node (a pause), the others are redirected to it, and it stays there', () => {
    const sim = simulate(csvCluster({ ...twoVms, timeline: [{ at: '10s', do: 'backup', disk: 'CSV1', duration: '1m', node: 'HV02' }] }));
    sim.runUntil(30);
    assert.deepEqual(
      sim.storage.access.access('CSV1').map((a) => [a.node, a.state, a.reason]),
      [
        ['HV01', 'redirected', 'backup'],
        ['HV02', 'direct', null],
        ['HV03', 'redirected', 'backup'],
      ],
    );
    sim.run();
    const report = buildReport(sim);
    // ClusterPrepareSharedVolumeForBackup pins the volume to the backup node; nothing says it moves back.
    assert.equal(report.volumes[0].coordinator, 'HV02');
    assert.deepEqual(eventsOf(sim, 'csv.coordinator').map((e) => [e.t, e.previous, e.node, e.reason]), [[10, 'HV01', 'HV02', 'backup']]);
    assert.equal(report.volumes[0].paused.length, 1);
    assert.deepEqual(report.offlines, []);
  });

  it('repairVolume with node: the volume moves to the node running the cmdlet, then maintenance', () => {
    const sim = simulate(csvCluster({ ...twoVms, timeline: [{ at: '10s', do: 'repairVolume', disk: 'CSV1', task: 'chkdsk', duration: '1m', node: 'HV03' }] }));
    sim.run();
    const report = buildReport(sim);
    assert.equal(report.volumes[0].coordinator, 'HV03');
    assert.deepEqual(eventsOf(sim, 'csv.coordinator').map((e) => [e.t, e.node, e.reason]), [[10, 'HV03', 'repair']]);
    assert.deepEqual(report.offlines.map((o) => [o.vm, o.cause]), [
      ['V1', 'repair'],
      ['V2', 'repair'],
    ]);
  });

  it('without node, nothing moves; a backup node that cannot coordinate is refused', () => {
    const sim = simulate(csvCluster({ ...twoVms, timeline: [{ at: '10s', do: 'backup', disk: 'CSV1', duration: '1m' }] }));
    sim.run();
    assert.deepEqual(eventsOf(sim, 'csv.coordinator'), []);
    const refused = simulate(
      csvCluster({ ...twoVms, timeline: [{ at: '5s', do: 'crashNode', node: 'HV02' }, { at: '10s', do: 'backup', disk: 'CSV1', duration: '1m', node: 'HV02' }] }),
    );
    refused.run();
    assert.deepEqual(
      buildReport(refused).notices.filter((n) => n.kind === 'rejected').map((n) => [n.action, n.reason]),
      [['backup', 'HV02 is down: only a cluster member can coordinate CSV1']],
    );
    assert.deepEqual(eventsOf(refused, 'csv.backup'), []);
  });
});
