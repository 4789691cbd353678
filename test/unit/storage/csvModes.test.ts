import { strict as assert } from 'node:assert';
import { buildReport, takeSnapshot } from '../../../src/engine';
import type { Action } from '../../../src/engine/scenario/model';
import type { Simulation } from '../../../src/engine/simulation/simulation';
import { close, csvCluster, eventsOf, GBPS, io, MB, simulate, storage, throughput } from './storageHelpers';

// The CSV model's documented values (README, "Cluster Shared Volumes, as simulated"), written
// out rather than imported: a change to the engine's constants must show up here as a failure.
/** Dismounting on the old coordinator and mounting on the new one, seconds: a move by hand pauses I/O 0.4 s. */
const CSV_DISMOUNT_TIME = 0.1;
const CSV_MOUNT_TIME = 0.3;
/** One VM disk I/O, to count the I/Os queued during a pause. */
const CSV_IO_SIZE = 64 * 1024;

const NODES = ['HV01', 'HV02', 'HV03'];

/** One VM per node on CSV1, each asking for `diskIo`. */
function onePerNode(diskIo: string) {
  return NODES.map((owner, i) => ({ name: `V${i + 1}`, owner, memory: '1GiB', disk: 'CSV1', workload: io(diskIo), clients: 10 }));
}

/** Each node's [state, reason] on CSV1. */
function states(sim: Simulation): [string, string | null][] {
  return storage(sim).access.access('CSV1').map((a) => [a.state, a.reason]);
}

function refused(sim: Simulation, action: Action, reason: RegExp): void {
  const outcome = sim.request(action, 'user');
  assert.equal(outcome.accepted, false, `${action.do} should be refused`);
  if (!outcome.accepted) assert.match(outcome.reason, reason);
}

describe('CSV maintenance mode, backup, repair and coordinator moves', () => {
  it('redirected access by hand: every node but the coordinator is redirected, so all I/O goes through the coordinator’s iSCSI port; the VMs keep running; off again, all direct', () => {
    const sim = simulate(
      csvCluster({
        vms: onePerNode('60MB/s'),
        duration: '30s',
        timeline: [
          { at: '10s', do: 'redirectedAccess', disk: 'CSV1', on: true },
          { at: '20s', do: 'redirectedAccess', disk: 'CSV1', on: false },
        ],
      }),
    );
    sim.runUntil(5);
    for (const node of NODES) close(throughput(sim, 'CSV1', node), 60 * MB, `${node} before`);
    sim.runUntil(15);
    assert.deepEqual(states(sim), [
      ['direct', null],
      ['redirected', 'redirectedAccess'],
      ['redirected', 'redirectedAccess'],
    ]);
    const volume = takeSnapshot(sim).volumes[0];
    assert.equal(volume.redirectedAccess, true);
    assert.equal(volume.maintenance, false);
    assert.equal(volume.access[1].since, 10);
    // HV01's own I/O and the disk hops of HV02's and HV03's share HV01's 1 Gbps iSCSI port.
    for (const node of NODES) close(throughput(sim, 'CSV1', node), GBPS / 3, `${node} in redirected access`, 1e-6);
    sim.run();
    assert.deepEqual(states(sim), [
      ['direct', null],
      ['direct', null],
      ['direct', null],
    ]);
    assert.equal(takeSnapshot(sim).volumes[0].redirectedAccess, false);
    const report = buildReport(sim);
    assert.deepEqual(report.volumes[0].redirected, [
      { node: 'HV02', from: 10, to: 20, reason: 'redirectedAccess' },
      { node: 'HV03', from: 10, to: 20, reason: 'redirectedAccess' },
    ]);
    assert.deepEqual(
      eventsOf(sim, 'csv.redirectedAccess').map((e) => [e.t, e.on, e.reason]),
      [
        [10, true, 'redirectedAccess'],
        [20, false, 'redirectedAccess'],
      ],
    );
    assert.deepEqual(
      eventsOf(sim, 'csv.access').map((e) => [e.t, e.node, e.state, e.reason]),
      [
        [10, 'HV02', 'redirected', 'redirectedAccess'],
        [10, 'HV03', 'redirected', 'redirectedAccess'],
        [20, 'HV02', 'direct', 'redirectedAccessEnded'],
        [20, 'HV03', 'direct', 'redirectedAccessEnded'],
      ],
    );
    const hv02 = report.volumes[0].nodes[1];
    close(hv02.redirectedBytes, (10 * GBPS) / 3, 'HV02 redirected bytes', 1e-6);
    close(hv02.directBytes, 20 * 60 * MB, 'HV02 direct bytes', 1e-9);
    // Redirected access is not maintenance: nothing goes offline.
    assert.deepEqual(report.offlines, []);
    assert.ok(report.vms.every((v) => v.state === 'running' && v.downtime === 0 && v.clientsDisconnected === 0));
  });

  it('refuses redirected access on a classic disk, maintenance twice, off when it is off, and on a volume that is offline', () => {
    const sim = simulate(
      csvCluster({
        disks: [
          { name: 'CSV1', size: '2TiB', throughput: '256MiB/s', csv: true, path: 'iSCSI', coordinator: 'HV01' },
          { name: 'LUN1', size: '500GiB', path: 'iSCSI' },
        ],
        duration: '10s',
      }),
    );
    sim.runUntil(1);
    refused(sim, { do: 'redirectedAccess', disk: 'LUN1', on: true }, /LUN1 is a classic cluster disk, not a Cluster Shared Volume/);
    refused(sim, { do: 'maintenance', disk: 'CSV1', on: false }, /not in maintenance mode/);
    assert.deepEqual(sim.request({ do: 'maintenance', disk: 'CSV1', on: true }), { accepted: true });
    refused(sim, { do: 'maintenance', disk: 'CSV1', on: true }, /already in maintenance mode/);
    assert.deepEqual(sim.request({ do: 'maintenance', disk: 'CSV1', on: false }), { accepted: true });
    sim.request({ do: 'failNetwork', network: 'iSCSI' });
    refused(sim, { do: 'maintenance', disk: 'CSV1', on: true }, /offline/);
    refused(sim, { do: 'backup', disk: 'CSV1', duration: 60 }, /offline/);
    refused(sim, { do: 'repairVolume', disk: 'CSV1', task: 'chkdsk', duration: 60 }, /offline/);
    sim.run();
    assert.equal(buildReport(sim).notices.filter((n) => n.kind === 'rejected').length, 6);
  });

  it('a backup: redirected access on every node but the coordinator while it runs, not maintenance mode; the run waits for it', () => {
    const sim = simulate(
      csvCluster({
        vms: onePerNode('10MB/s'),
        timeline: [{ at: '10s', do: 'backup', disk: 'CSV1', duration: '2m' }],
      }),
    );
    sim.runUntil(60);
    assert.deepEqual(states(sim), [
      ['direct', null],
      ['redirected', 'backup'],
      ['redirected', 'backup'],
    ]);
    const volume = takeSnapshot(sim).volumes[0];
    assert.equal(volume.maintenance, false);
    assert.ok(storage(sim).access.isBackingUp('CSV1'));
    for (const node of NODES) close(throughput(sim, 'CSV1', node), 10 * MB, node);
    refused(sim, { do: 'backup', disk: 'CSV1', duration: 60 }, /already running/);
    assert.equal(sim.run(), 'finished');
    assert.equal(sim.now, 130);
    // A backup uses redirected access, not maintenance: no VM goes offline.
    assert.deepEqual(buildReport(sim).offlines, []);
    assert.deepEqual(
      eventsOf(sim, 'csv.backup').map((e) => [e.t, e.phase, e.duration]),
      [
        [10, 'started', 120],
        [130, 'completed', 120],
      ],
    );
    assert.deepEqual(
      buildReport(sim).volumes[0].redirected.map((i) => [i.node, i.from, i.to, i.reason]),
      [
        ['HV02', 10, 130, 'backup'],
        ['HV03', 10, 130, 'backup'],
      ],
    );
    assert.ok(states(sim).every(([state]) => state === 'direct'));
  });

  it('repairVolume (Repair-ClusterSharedVolume): maintenance mode on (its VMs saved), the chkdsk, maintenance mode off (its VMs restored)', () => {
    const sim = simulate(
      csvCluster({
        vms: onePerNode('10MB/s'),
        timeline: [{ at: '10s', do: 'repairVolume', disk: 'CSV1', task: 'chkdsk', duration: '1m' }],
      }),
    );
    sim.runUntil(30);
    assert.deepEqual(states(sim), [
      ['direct', null],
      ['redirected', 'repair'],
      ['redirected', 'repair'],
    ]);
    assert.equal(takeSnapshot(sim).volumes[0].maintenance, true);
    assert.equal(storage(sim).access.repairTask('CSV1'), 'chkdsk');
    refused(sim, { do: 'maintenance', disk: 'CSV1', on: false }, /chkdsk is running on CSV1: maintenance mode turns off when it ends/);
    refused(sim, { do: 'repairVolume', disk: 'CSV1', task: 'defrag', duration: 10 }, /chkdsk is already running/);
    sim.run();
    // The run goes on after the chkdsk while the VMs are restored.
    assert.ok(sim.now > 70, `ended at ${sim.now}`);
    assert.equal(takeSnapshot(sim).volumes[0].maintenance, false);
    const report = buildReport(sim);
    assert.deepEqual(
      report.offlines.map((o) => [o.vm, o.cause, o.action, o.startedAt]),
      NODES.map((_, i) => [`V${i + 1}`, 'repair', 'save', 10]),
    );
    for (const o of report.offlines) {
      assert.ok(o.offlineAt! > 10 && o.offlineAt! < 70, `${o.vm} saved at ${o.offlineAt}`);
      assert.ok(o.onlineAt! > 70, `${o.vm} back at ${o.onlineAt}`);
      close(o.downtime!, o.onlineAt! - 10, `${o.vm} downtime`);
      // Out for more than tcpTimeout (20 s): its 10 clients are gone.
      assert.equal(o.clientsDisconnected, 10);
      assert.equal(report.vms.find((v) => v.vm === o.vm)!.downtime, o.downtime);
    }
    assert.ok(report.vms.every((v) => v.state === 'running'));
    const log = sim.log.events.filter((e) => e.kind === 'csv.maintenance' || e.kind === 'csv.repair');
    assert.deepEqual(
      log.map((e) => [e.t, e.kind, 'phase' in e ? e.phase : e.kind === 'csv.maintenance' ? e.on : '']),
      [
        [10, 'csv.maintenance', true],
        [10, 'csv.repair', 'started'],
        [70, 'csv.repair', 'completed'],
        [70, 'csv.maintenance', false],
      ],
    );
    assert.deepEqual(
      eventsOf(sim, 'csv.access').filter((e) => e.t === 70).map((e) => [e.node, e.state, e.reason]),
      [
        ['HV02', 'direct', 'repairEnded'],
        ['HV03', 'direct', 'repairEnded'],
      ],
    );
  });

  it('a repair in a volume already in maintenance mode by hand leaves it on afterwards', () => {
    const sim = simulate(
      csvCluster({
        vms: onePerNode('10MB/s'),
        timeline: [
          { at: '5s', do: 'maintenance', disk: 'CSV1', on: true },
          { at: '10s', do: 'repairVolume', disk: 'CSV1', task: 'defrag', duration: '20s' },
        ],
      }),
    );
    sim.run();
    assert.equal(storage(sim).access.inMaintenance('CSV1'), true);
    assert.deepEqual(states(sim)[1], ['redirected', 'maintenance']);
    assert.deepEqual(eventsOf(sim, 'csv.maintenance').map((e) => [e.t, e.on]), [[5, true]]);
    // One interval per reason: maintenance, then repair, then maintenance again.
    assert.deepEqual(
      buildReport(sim).volumes[0].redirected.filter((i) => i.node === 'HV02').map((i) => [i.from, i.to, i.reason]),
      [
        [5, 10, 'maintenance'],
        [10, 30, 'repair'],
        [30, null, 'maintenance'],
      ],
    );
  });

  it('moving the coordinator by hand: I/O pauses and queues on every node for the dismount and the mount, then resumes', () => {
    const sim = simulate(
      csvCluster({
        vms: onePerNode('50MB/s'),
        timeline: [{ at: '30s', do: 'moveCoordinator', disk: 'CSV1', to: 'HV02' }],
      }),
    );
    const pause = CSV_DISMOUNT_TIME + CSV_MOUNT_TIME;
    sim.runUntil(30 + pause / 2);
    const volume = takeSnapshot(sim).volumes[0];
    assert.equal(volume.coordinator, 'HV02');
    assert.equal(volume.online, true);
    assert.deepEqual(
      volume.access.map((a) => [a.node, a.state, a.reason, a.since, a.throughput, a.demand]),
      NODES.map((node) => [node, 'paused', 'coordinatorMove', 30, 0, 50 * MB]),
    );
    assert.equal(sim.network.activeFlows().filter((f) => f.tag === 'storage' || f.tag === 'redirectedIo' || f.tag === 'metadata').length, 0);
    refused(sim, { do: 'moveCoordinator', disk: 'CSV1', to: 'HV03' }, /already moving/);
    sim.run();
    assert.equal(sim.now, 30 + pause);
    for (const node of NODES) close(throughput(sim, 'CSV1', node), 50 * MB, `${node} after the move`);
    assert.ok(states(sim).every(([state]) => state === 'direct'));
    const report = buildReport(sim);
    // The VMs asked for 3 x 50 MB/s during the pause: that much queued, in 64 KiB I/Os.
    const queuedIos = Math.round((3 * 50 * MB * pause) / CSV_IO_SIZE);
    assert.deepEqual(report.volumes[0].paused, [{ from: 30, to: 30 + pause, reason: 'coordinatorMove', queuedIos }]);
    assert.equal(report.volumes[0].coordinator, 'HV02');
    const move = eventsOf(sim, 'csv.coordinator');
    assert.deepEqual(move.map((e) => [e.t, e.previous, e.node, e.reason]), [[30, 'HV01', 'HV02', 'moveCoordinator']]);
    const resumed = eventsOf(sim, 'csv.resumed');
    assert.deepEqual(resumed.map((e) => [e.t, e.queuedIos, e.reason]), [[30 + pause, queuedIos, 'coordinatorMoved']]);
    assert.deepEqual(
      sim.log.events.filter((e) => e.kind.startsWith('csv.') && e.t === 30).map((e) => e.kind),
      ['csv.coordinator', 'csv.paused', 'csv.access', 'csv.access', 'csv.access'],
    );
    assert.deepEqual(
      eventsOf(sim, 'csv.access').filter((e) => e.t > 30).map((e) => [e.node, e.state, e.reason]),
      NODES.map((node) => [node, 'direct', 'coordinatorMoved']),
    );
    // Nobody lost anything.
    assert.ok(report.vms.every((v) => v.state === 'running' && v.downtime === 0 && v.clientsDisconnected === 0));
  });

  it('a redirected node stays one redirected interval across a coordinator move, paused in between', () => {
    const sim = simulate(
      csvCluster({
        vms: onePerNode('10MB/s'),
        duration: '1m',
        timeline: [
          { at: '10s', do: 'disconnect', node: 'HV03', network: 'iSCSI' },
          { at: '20s', do: 'moveCoordinator', disk: 'CSV1', to: 'HV02' },
        ],
      }),
    );
    sim.runUntil(20.1);
    assert.deepEqual(storage(sim).access.accessOf('CSV1', 'HV03'), { node: 'HV03', state: 'paused', reason: 'coordinatorMove', since: 20 });
    sim.run();
    // Back to redirected, now to HV02, and still "since 10 s": the pause did not reset it.
    assert.deepEqual(storage(sim).access.accessOf('CSV1', 'HV03'), { node: 'HV03', state: 'redirected', reason: 'storagePathLost', since: 10 });
    assert.equal(storage(sim).io.flowsOf('CSV1', 'HV03').redirect?.to, 'HV02');
    assert.deepEqual(buildReport(sim).volumes[0].redirected, [{ node: 'HV03', from: 10, to: null, reason: 'storagePathLost' }]);
  });

  it('refuses to move the coordinator to itself, to a node without direct access or that is down, or on a classic disk', () => {
    const sim = simulate(
      csvCluster({
        disks: [
          { name: 'CSV1', size: '2TiB', throughput: '256MiB/s', csv: true, path: 'iSCSI', coordinator: 'HV01' },
          { name: 'LUN1', size: '500GiB', path: 'iSCSI' },
        ],
        duration: '10s',
        timeline: [
          { at: '1s', do: 'disconnect', node: 'HV02', network: 'iSCSI' },
          { at: '1s', do: 'crashNode', node: 'HV03' },
        ],
      }),
    );
    sim.runUntil(2);
    refused(sim, { do: 'moveCoordinator', disk: 'CSV1', to: 'HV01' }, /HV01 is already the coordinator node of CSV1/);
    refused(sim, { do: 'moveCoordinator', disk: 'CSV1', to: 'HV02' }, /HV02 has no direct access to CSV1 .*only a node with direct access can coordinate it/);
    refused(sim, { do: 'moveCoordinator', disk: 'CSV1', to: 'HV03' }, /HV03 is down/);
    refused(sim, { do: 'moveCoordinator', disk: 'LUN1', to: 'HV02' }, /classic cluster disk/);
    assert.equal(storage(sim).access.coordinator('CSV1'), 'HV01');
    assert.deepEqual(buildReport(sim).volumes[0].paused, []);
  });

  it('with immediate coordinator failover, a coordinator whose node crashes hands the role over at once, with the pause of a mount (no dismount)', () => {
    const sim = simulate(
      csvCluster({
        vms: [
          { name: 'V2', owner: 'HV02', memory: '1GiB', disk: 'CSV1', workload: io('40MB/s') },
          { name: 'V3', owner: 'HV03', memory: '1GiB', disk: 'CSV1', workload: io('40MB/s') },
        ],
        duration: '20s',
        timeline: [{ at: '10s', do: 'crashNode', node: 'HV01' }],
      }),
    );
    // The storage model alone, without failure detection; a run asks for 'deferred', for its health module (next test).
    storage(sim).coordinatorFailover = 'immediate';
    sim.run();
    const report = buildReport(sim);
    assert.equal(report.volumes[0].coordinator, 'HV02');
    assert.deepEqual(report.volumes[0].paused, [{ from: 10, to: 10 + CSV_MOUNT_TIME, reason: 'coordinatorMove', queuedIos: Math.round((80 * MB * CSV_MOUNT_TIME) / CSV_IO_SIZE) }]);
    assert.deepEqual(eventsOf(sim, 'csv.coordinator').map((e) => [e.t, e.previous, e.node, e.reason]), [[10, 'HV01', 'HV02', 'nodeDown']]);
  });

  it('for the failover module: with deferred coordinator failover, I/O pauses from the crash until it moves the role', () => {
    const sim = simulate(
      csvCluster({
        // Heartbeats declare HV01 down 10 s after the crash at the earliest: this test moves the
        // role itself, before that, as the failover module would once it knows.
        settings: { liveMigration: { networks: ['Cluster'] }, heartbeat: { delay: '1s', threshold: 10 } },
        vms: [
          { name: 'V2', owner: 'HV02', memory: '1GiB', disk: 'CSV1', workload: io('40MB/s') },
          { name: 'V3', owner: 'HV03', memory: '1GiB', disk: 'CSV1', workload: io('40MB/s') },
        ],
        duration: '30s',
        timeline: [{ at: '10s', do: 'crashNode', node: 'HV01' }],
      }),
    );
    const manager = storage(sim);
    manager.coordinatorFailover = 'deferred';
    // What the failover module does once it has detected the failure (here: 5 s after the crash).
    sim.kernel.at(15, () => manager.moveCoordinator('CSV1', manager.pickCoordinator('CSV1') as string, 'nodeDown', 'HV01 was declared down: the coordinator role moves to HV02'));
    sim.runUntil(12);
    assert.equal(manager.access.coordinator('CSV1'), 'HV01');
    assert.ok(manager.access.isAwaitingCoordinator('CSV1'));
    assert.equal(takeSnapshot(sim).volumes[0].online, true);
    assert.deepEqual(states(sim), [
      ['noAccess', 'nodeDown'],
      ['paused', 'coordinatorMove'],
      ['paused', 'coordinatorMove'],
    ]);
    assert.equal(manager.pickCoordinator('CSV1'), 'HV02');
    sim.run();
    const report = buildReport(sim);
    assert.equal(report.volumes[0].coordinator, 'HV02');
    const end = 15 + CSV_MOUNT_TIME;
    assert.deepEqual(report.volumes[0].paused, [{ from: 10, to: end, reason: 'coordinatorMove', queuedIos: Math.round((80 * MB * (end - 10)) / CSV_IO_SIZE) }]);
    assert.deepEqual(eventsOf(sim, 'csv.coordinator').map((e) => [e.t, e.node, e.reason, e.detail]), [[15, 'HV02', 'nodeDown', 'HV01 was declared down: the coordinator role moves to HV02']]);
    assert.deepEqual(eventsOf(sim, 'csv.paused').map((e) => e.t), [10]);
    for (const node of ['HV02', 'HV03']) close(throughput(sim, 'CSV1', node), 40 * MB, node);
  });

  it('a volume that goes offline ends its pause, fails its backup and its repair, and lets the run end', () => {
    const sim = simulate(
      csvCluster({
        vms: onePerNode('10MB/s'),
        timeline: [
          { at: '10s', do: 'backup', disk: 'CSV1', duration: '10m' },
          { at: '10s', do: 'repairVolume', disk: 'CSV1', task: 'defrag', duration: '10m' },
          { at: '20s', do: 'moveCoordinator', disk: 'CSV1', to: 'HV03' },
          { at: '20.1s', do: 'failNetwork', network: 'iSCSI' },
        ],
      }),
    );
    assert.equal(sim.run(), 'finished');
    assert.equal(sim.now, 20.1);
    assert.deepEqual(
      sim.log.events.filter((e) => e.t === 20.1 && e.kind.startsWith('csv.') && e.kind !== 'csv.access').map((e) => [e.kind, e.reason]),
      [
        ['csv.state', 'noDirectAccess'],
        ['csv.resumed', 'volumeOffline'],
        ['csv.backup', 'volumeOffline'],
        ['csv.repair', 'volumeOffline'],
        ['csv.maintenance', 'repair'],
      ],
    );
    const paused = buildReport(sim).volumes[0].paused;
    assert.equal(paused.length, 1);
    close(paused[0].to ?? NaN, 20.1, 'the pause ends with the volume');
    assert.ok(states(sim).every(([state, reason]) => state === 'noAccess' && reason === 'storagePathLost'));
  });
});
