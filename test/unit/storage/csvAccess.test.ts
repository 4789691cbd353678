import { strict as assert } from 'node:assert';
import { buildReport, createSimulation } from '../../../src/engine';
import type { SimEvent } from '../../../src/engine/model/events';
import type { Simulation } from '../../../src/engine/simulation/simulation';
import { invariantViolations } from '../../../src/engine/simulation/invariants';
import type { CsvAccessTracker } from '../../../src/engine/storage/csvAccess';
import { renderTextReport } from '../../../src/cli/textReport';
import { cluster, load, run, type ScenarioJson } from '../../helpers/runScenario';

/**
 * The article's cluster, as far as CSV goes: four nodes, a dedicated cluster network, a client
 * LAN and an iSCSI network carrying two Cluster Shared Volumes, coordinated by HV01 and HV02.
 */
function articleCluster(overrides: ScenarioJson = {}): ScenarioJson {
  return cluster({
    nodes: ['HV01', 'HV02', 'HV03', 'HV04'].map((name) => ({ name, memory: '64GiB' })),
    networks: [
      { name: 'Cluster Internal', role: 'cluster', bandwidth: '1Gbps', latency: '0.1ms' },
      { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps', latency: '0.3ms' },
      { name: 'iSCSI', role: 'none', bandwidth: '1Gbps', latency: '0.1ms' },
    ],
    settings: { liveMigration: { networks: ['Cluster Internal'] } },
    disks: [
      { name: 'Cluster Disk 1', size: '2TiB', throughput: '256MiB/s', csv: true, path: 'iSCSI', coordinator: 'HV01' },
      { name: 'Cluster Disk 2', size: '2TiB', throughput: '256MiB/s', csv: true, path: 'iSCSI', coordinator: 'HV02' },
    ],
    vms: [
      { name: 'SQL01', owner: 'HV01', memory: '8GiB', disk: 'Cluster Disk 1', workload: 'database', clients: 40 },
      { name: 'WEB02', owner: 'HV03', memory: '4GiB', disk: 'Cluster Disk 2', workload: 'web', clients: 200 },
      { name: 'DC01', owner: 'HV03', memory: '2GiB', disk: 'Cluster Disk 2', workload: 'idle', clients: 100 },
      { name: 'FS01', owner: 'HV04', memory: '2GiB', disk: 'Cluster Disk 1', workload: 'idle', clients: 15 },
    ],
    ...overrides,
  });
}

const DISKS = ['Cluster Disk 1', 'Cluster Disk 2'];

function simulate(json: ScenarioJson): Simulation {
  const sim = createSimulation(load(json));
  sim.log.subscribe(() => assert.deepEqual(invariantViolations(sim), [], `at t=${sim.now}`));
  return sim;
}

function tracker(sim: Simulation): CsvAccessTracker {
  return sim.csvAccess;
}

/** Each node's [state, reason] for a disk, in node order. */
function states(sim: Simulation, disk: string): [string, string, string | null][] {
  return tracker(sim).access(disk).map((a) => [a.node, a.state, a.reason]);
}

function csvEvents(sim: Simulation): SimEvent[] {
  return sim.log.events.filter((e) => e.kind.startsWith('csv.'));
}

describe('CSV access', () => {
  it('the article: HV03 loses its iSCSI path, goes to redirected access on both volumes, its VMs run on, and it is back to direct when the cable is back', () => {
    const sim = simulate(
      articleCluster({
        timeline: [
          { at: '3m', do: 'disconnect', node: 'HV03', network: 'iSCSI' },
          { at: '5m', do: 'reconnect', node: 'HV03', network: 'iSCSI' },
        ],
      }),
    );
    sim.runUntil(179);
    for (const disk of DISKS) assert.ok(tracker(sim).access(disk).every((a) => a.state === 'direct' && a.reason === null && a.since === null));

    sim.runUntil(240);
    for (const disk of DISKS) {
      assert.deepEqual(states(sim, disk), [
        ['HV01', 'direct', null],
        ['HV02', 'direct', null],
        ['HV03', 'redirected', 'storagePathLost'],
        ['HV04', 'direct', null],
      ]);
      assert.deepEqual(tracker(sim).accessOf(disk, 'HV03'), { node: 'HV03', state: 'redirected', reason: 'storagePathLost', since: 180 });
      assert.equal(tracker(sim).isOnline(disk), true);
    }
    // "All of the VMs on it were still running great": nothing stopped, no client lost.
    for (const name of ['WEB02', 'DC01']) {
      const vm = sim.state.vm(name);
      assert.equal(vm.status, 'running');
      assert.equal(vm.node, 'HV03');
      assert.equal(vm.downtime, 0);
      assert.equal(vm.clientsDisconnected, 0);
    }
    // While redirected, an open interval in the report.
    assert.deepEqual(sim.records.volumes[0].redirected, [{ node: 'HV03', from: 180, to: null, reason: 'storagePathLost' }]);

    sim.run();
    for (const disk of DISKS) {
      assert.deepEqual(tracker(sim).accessOf(disk, 'HV03'), { node: 'HV03', state: 'direct', reason: null, since: 300 });
    }
    const report = buildReport(sim);
    for (const v of report.volumes) {
      assert.deepEqual(v.redirected, [{ node: 'HV03', from: 180, to: 300, reason: 'storagePathLost' }]);
      assert.deepEqual(v.noAccess, []);
    }
    assert.deepEqual(report.volumes.map((v) => v.coordinator), ['HV01', 'HV02']);

    // Each transition is an event, right after the link transition that caused it, at the same instant.
    const log = sim.log.events.filter((e) => e.kind === 'link.down' || e.kind === 'link.up' || e.kind.startsWith('csv.'));
    assert.deepEqual(
      log.map((e) => [e.t, e.kind, e.subject, 'state' in e ? e.state : '', e.reason]),
      [
        [180, 'link.down', 'HV03/iSCSI', '', 'cable pulled'],
        [180, 'csv.access', 'Cluster Disk 1', 'redirected', 'storagePathLost'],
        [180, 'csv.access', 'Cluster Disk 2', 'redirected', 'storagePathLost'],
        [300, 'link.up', 'HV03/iSCSI', '', 'cable reconnected'],
        [300, 'csv.access', 'Cluster Disk 1', 'direct', 'storagePathRestored'],
        [300, 'csv.access', 'Cluster Disk 2', 'direct', 'storagePathRestored'],
      ],
    );
    const first = log[1] as Extract<SimEvent, { kind: 'csv.access' }>;
    assert.equal(first.node, 'HV03');
    assert.equal(first.previous, 'direct');
    assert.match(first.detail, /iSCSI.*redirected over "Cluster Internal" to the coordinator HV01/);
    assert.match(renderTextReport(report, false), /redirected HV03: 00:03:00–00:05:00 \(2 min\) \(storagePathLost\)/);
  });

  it('a VM on a redirected node can still be live-migrated: its storage is reachable through the coordinator', () => {
    const { report } = run(
      articleCluster({
        timeline: [
          { at: '3m', do: 'disconnect', node: 'HV03', network: 'iSCSI' },
          { at: '4m', do: 'liveMigrate', vm: 'DC01', to: 'HV04' },
        ],
      }),
    );
    const m = report.migrations[0];
    assert.equal(m.outcome, 'completed', m.reason ?? '');
    // Never reconnected: the interval is still open at the end of the run.
    assert.deepEqual(report.volumes[1].redirected, [{ node: 'HV03', from: 180, to: null, reason: 'storagePathLost' }]);
  });

  it('when the coordinator loses its path, the role moves to the first node (file order) with direct access, and stays there', () => {
    const sim = simulate(
      articleCluster({
        timeline: [
          { at: '30s', do: 'disconnect', node: 'HV02', network: 'iSCSI' },
          { at: '1m', do: 'disconnect', node: 'HV01', network: 'iSCSI' },
          { at: '2m', do: 'reconnect', node: 'HV01', network: 'iSCSI' },
          { at: '2m', do: 'reconnect', node: 'HV02', network: 'iSCSI' },
        ],
        expect: [
          { disk: 'Cluster Disk 1', coordinator: 'HV03' },
          { disk: 'Cluster Disk 2', coordinator: 'HV01' },
        ],
      }),
    );
    sim.runUntil(45);
    // HV02 coordinates Disk 2: it moves to HV01, the first node with direct access.
    assert.equal(tracker(sim).coordinator('Cluster Disk 2'), 'HV01');
    assert.equal(sim.state.disk('Cluster Disk 2').owner, 'HV01');
    assert.deepEqual(states(sim, 'Cluster Disk 2').map((s) => s[1]), ['direct', 'redirected', 'direct', 'direct']);

    sim.runUntil(90);
    // HV01 loses its path too: Disk 1 moves to HV03 (HV02 has no path either), Disk 2 likewise.
    assert.equal(tracker(sim).coordinator('Cluster Disk 1'), 'HV03');
    assert.equal(tracker(sim).coordinator('Cluster Disk 2'), 'HV03');
    for (const disk of DISKS) assert.deepEqual(states(sim, disk).map((s) => s[1]), ['redirected', 'redirected', 'direct', 'direct']);

    sim.run();
    // Paths back: everyone direct again, and the coordinators do not move back.
    const report = buildReport(sim);
    assert.deepEqual(report.volumes.map((v) => v.coordinator), ['HV03', 'HV03']);
    assert.deepEqual(sim.state.disk('Cluster Disk 1').owner, 'HV03');
    for (const disk of DISKS) assert.ok(tracker(sim).access(disk).every((a) => a.state === 'direct'));
    assert.ok(report.expectations.length === 2 && report.expectations[0].passed && !report.expectations[1].passed);

    const moves = sim.log.events.filter((e): e is Extract<SimEvent, { kind: 'csv.coordinator' }> => e.kind === 'csv.coordinator');
    assert.deepEqual(
      moves.map((e) => [e.t, e.subject, e.previous, e.node, e.reason]),
      [
        [30, 'Cluster Disk 2', 'HV02', 'HV01', 'storagePathLost'],
        [60, 'Cluster Disk 1', 'HV01', 'HV03', 'storagePathLost'],
        [60, 'Cluster Disk 2', 'HV01', 'HV03', 'storagePathLost'],
      ],
    );
    assert.match(moves[0].detail, /HV02 lost its storage path to Cluster Disk 2.*moves to HV01/);
    // The move is logged first, then the pause it brings: I/O queues on every node for the mount
    // on HV03 (0.3 s: HV01 lost its path, so there is no orderly dismount), then resumes.
    const at60 = csvEvents(sim).filter((e) => e.t === 60 && e.subject === 'Cluster Disk 1');
    assert.deepEqual(at60.map((e) => e.kind), ['csv.coordinator', 'csv.paused', 'csv.access', 'csv.access', 'csv.access', 'csv.access']);
    assert.ok(at60.slice(2).every((e) => e.kind === 'csv.access' && e.state === 'paused' && e.reason === 'coordinatorMove'));
    assert.deepEqual(
      report.volumes[0].paused.map((p) => [p.from, p.to, p.reason]),
      [[60, 60.3, 'coordinatorMove']],
    );
    // The old coordinator was redirected (to the new one) from the move until its path came back.
    assert.deepEqual(report.volumes[0].redirected, [
      { node: 'HV02', from: 30, to: 120, reason: 'storagePathLost' },
      { node: 'HV01', from: 60, to: 120, reason: 'storagePathLost' },
    ]);
  });

  it('a whole iSCSI network failing: no node has direct access, so the coordinator stays and the volume is offline (every node noAccess) until the network is back', () => {
    const sim = simulate(
      articleCluster({
        timeline: [
          { at: '1m', do: 'failNetwork', network: 'iSCSI' },
          { at: '90s', do: 'quickMigrate', vm: 'FS01', to: 'HV02' },
          { at: '2m', do: 'restoreNetwork', network: 'iSCSI' },
        ],
      }),
    );
    sim.runUntil(100);
    for (const disk of DISKS) {
      // Redirected I/O would go through a coordinator that cannot reach the disk itself: no access at all.
      assert.deepEqual(states(sim, disk).map((s) => [s[1], s[2]]), Array(4).fill(['noAccess', 'storagePathLost']));
      assert.equal(tracker(sim).isOnline(disk), false);
      assert.equal(sim.state.disk(disk).online, false);
      assert.ok(tracker(sim).access(disk).every((a) => a.since === 60));
    }
    // Nowhere to move the coordinator to: it stays.
    assert.equal(tracker(sim).coordinator('Cluster Disk 1'), 'HV01');
    assert.equal(tracker(sim).coordinator('Cluster Disk 2'), 'HV02');
    // Nothing can move a VM off storage nobody reaches.
    const quick = sim.records.migrations[0];
    assert.equal(quick.outcome, 'failed');
    assert.match(quick.reason!, /cannot reach Cluster Disk 1/);

    sim.run();
    for (const disk of DISKS) {
      assert.ok(tracker(sim).access(disk).every((a) => a.state === 'direct' && a.since === 120));
      assert.equal(tracker(sim).isOnline(disk), true);
    }
    const report = buildReport(sim);
    assert.deepEqual(report.volumes.map((v) => v.coordinator), ['HV01', 'HV02']);
    for (const v of report.volumes) {
      assert.deepEqual(v.redirected, []);
      assert.deepEqual(v.noAccess, ['HV01', 'HV02', 'HV03', 'HV04'].map((node) => ({ node, from: 60, to: 120, reason: 'storagePathLost' })));
    }
    assert.equal(sim.log.events.filter((e) => e.kind === 'csv.coordinator').length, 0);
    const volumeStates = sim.log.events.filter((e): e is Extract<SimEvent, { kind: 'csv.state' }> => e.kind === 'csv.state');
    assert.deepEqual(
      volumeStates.map((e) => [e.t, e.subject, e.online, e.reason]),
      [
        [60, 'Cluster Disk 1', false, 'noDirectAccess'],
        [60, 'Cluster Disk 2', false, 'noDirectAccess'],
        [120, 'Cluster Disk 1', true, 'directAccessRestored'],
        [120, 'Cluster Disk 2', true, 'directAccessRestored'],
      ],
    );
    const text = renderTextReport(report, false);
    assert.match(text, /no access HV04: 00:01:00–00:02:00/);
    assert.doesNotMatch(text, /direct access on every node throughout/);
  });

  it('the volume comes back as soon as one node reaches the disk, coordinated by that node', () => {
    const sim = simulate(
      articleCluster({
        timeline: [
          { at: '1m', do: 'failNetwork', network: 'iSCSI' },
          { at: '70s', do: 'disconnect', node: 'HV01', network: 'iSCSI' },
          { at: '70s', do: 'disconnect', node: 'HV02', network: 'iSCSI' },
          { at: '2m', do: 'restoreNetwork', network: 'iSCSI' },
        ],
      }),
    );
    sim.run();
    // HV01 and HV02 (the coordinators) still have no path: both volumes move to HV03.
    for (const disk of DISKS) {
      assert.equal(tracker(sim).coordinator(disk), 'HV03');
      assert.deepEqual(states(sim, disk).map((s) => s[1]), ['redirected', 'redirected', 'direct', 'direct']);
    }
    const report = buildReport(sim);
    assert.deepEqual(report.volumes[0].redirected, [
      { node: 'HV01', from: 120, to: null, reason: 'storagePathLost' },
      { node: 'HV02', from: 120, to: null, reason: 'storagePathLost' },
    ]);
    // Offline, then the coordinator moves (with its pause), then the volume is online again: in
    // that order at 2m; every node's I/O is paused until HV03 has mounted the volume.
    const at120 = csvEvents(sim).filter((e) => e.t === 120 && e.subject === 'Cluster Disk 1');
    assert.deepEqual(at120.map((e) => e.kind), ['csv.coordinator', 'csv.paused', 'csv.state', 'csv.access', 'csv.access', 'csv.access', 'csv.access']);
    assert.ok(at120.slice(3).every((e) => e.kind === 'csv.access' && e.state === 'paused'));
  });

  it('a node that has lost its path and every cluster network to the coordinator has no access', () => {
    const { report, sim } = run(
      cluster({
        disks: [{ name: 'CSV1', size: '2TiB', csv: true, path: 'iSCSI' }],
        // This test is about access, not about the heartbeats that would declare HV03 down 5 s
        // after it lost its last cluster network: they are made slow enough not to.
        settings: { liveMigration: { networks: ['Live Migration', 'LAN'] }, heartbeat: { delay: '1s', threshold: 60 } },
        duration: '1m',
        timeline: [
          { at: '10s', do: 'disconnect', node: 'HV03', network: 'iSCSI' },
          // NetFT fails over to the next cluster network: still redirected, nothing to log.
          { at: '20s', do: 'disconnect', node: 'HV03', network: 'Cluster' },
          { at: '30s', do: 'disconnect', node: 'HV03', network: 'Live Migration' },
          { at: '30s', do: 'disconnect', node: 'HV03', network: 'LAN' },
          { at: '40s', do: 'reconnect', node: 'HV03', network: 'LAN' },
        ],
      }),
    );
    const v = report.volumes[0];
    assert.deepEqual(v.redirected, [
      { node: 'HV03', from: 10, to: 30, reason: 'storagePathLost' },
      { node: 'HV03', from: 40, to: null, reason: 'storagePathLost' },
    ]);
    assert.deepEqual(v.noAccess, [{ node: 'HV03', from: 30, to: 40, reason: 'storagePathLost' }]);
    const access = sim.log.events.filter((e): e is Extract<SimEvent, { kind: 'csv.access' }> => e.kind === 'csv.access');
    assert.deepEqual(access.map((e) => [e.t, e.state]), [[10, 'redirected'], [30, 'noAccess'], [40, 'redirected']]);
    assert.match(access[1].detail, /no cluster network is up between it and the coordinator HV01/);
    assert.match(access[2].detail, /redirected over "LAN"/);
  });

  it('a node that is down has no access (nodeDown); a coordinator that goes down hands the role over', () => {
    const sim = simulate(
      articleCluster({
        // A witness keeps quorum (3 of 5 votes) when two of the four nodes crash.
        settings: { liveMigration: { networks: ['Cluster Internal'] }, quorum: { model: 'nodeAndDiskMajority', witness: 'Witness' } },
        disks: [
          { name: 'Cluster Disk 1', size: '2TiB', throughput: '256MiB/s', csv: true, path: 'iSCSI', coordinator: 'HV01' },
          { name: 'Cluster Disk 2', size: '2TiB', throughput: '256MiB/s', csv: true, path: 'iSCSI', coordinator: 'HV02' },
          { name: 'Witness', size: '1GiB', path: 'iSCSI', role: 'witness' },
        ],
        timeline: [
          { at: '1m', do: 'crashNode', node: 'HV03' },
          { at: '1m', do: 'crashNode', node: 'HV01' },
          { at: '2m', do: 'startNode', node: 'HV03' },
        ],
      }),
    );
    // The role moves at the instant of the crash (a run asks for 'deferred' instead, since its
    // health module detects failures by heartbeats: see csvModes.test.ts).
    tracker(sim).coordinatorFailover = 'immediate';
    sim.runUntil(90);
    for (const disk of DISKS) {
      assert.deepEqual(states(sim, disk), [
        ['HV01', 'noAccess', 'nodeDown'],
        ['HV02', 'direct', null],
        ['HV03', 'noAccess', 'nodeDown'],
        ['HV04', 'direct', null],
      ]);
      assert.equal(tracker(sim).accessOf(disk, 'HV03').since, 60);
    }
    assert.equal(tracker(sim).coordinator('Cluster Disk 1'), 'HV02');
    const move = sim.log.events.find((e) => e.kind === 'csv.coordinator');
    assert.deepEqual(move && [move.t, move.subject, move.reason], [60, 'Cluster Disk 1', 'nodeDown']);
    // As with its VMs, what the crash means for each volume is logged before the node is shown
    // down, so every logged event shows a consistent cluster.
    const at60 = sim.log.events.filter((e) => e.t === 60 && (e.kind === 'node.state' || e.kind.startsWith('csv.')));
    assert.deepEqual(
      at60.map((e) => [e.kind, e.subject, 'node' in e ? e.node : '']),
      [
        ['csv.access', 'Cluster Disk 1', 'HV03'],
        ['csv.access', 'Cluster Disk 2', 'HV03'],
        ['node.state', 'HV03', ''],
        ['csv.coordinator', 'Cluster Disk 1', 'HV02'],
        // The move pauses the I/O of the nodes still up (0.3 s, the mount on HV02).
        ['csv.paused', 'Cluster Disk 1', 'HV02'],
        ['csv.access', 'Cluster Disk 1', 'HV01'],
        ['csv.access', 'Cluster Disk 1', 'HV02'],
        ['csv.access', 'Cluster Disk 1', 'HV04'],
        ['csv.access', 'Cluster Disk 2', 'HV01'],
        ['node.state', 'HV01', ''],
      ],
    );

    sim.run();
    // Started at 2m, HV03 joins (no access yet) and is up once the others see its heartbeats.
    const up = sim.log.events.find((e) => e.kind === 'node.state' && e.subject === 'HV03' && e.state === 'up' && e.t >= 120);
    assert.ok(up);
    assert.deepEqual(tracker(sim).accessOf('Cluster Disk 1', 'HV03'), { node: 'HV03', state: 'direct', reason: null, since: up.t });
    const back = sim.log.events.filter((e): e is Extract<SimEvent, { kind: 'csv.access' }> => e.kind === 'csv.access' && e.node === 'HV03' && e.t >= 120);
    assert.deepEqual(back.slice(-2).map((e) => [e.t, e.state, e.reason]), [[up.t, 'direct', 'nodeJoined'], [up.t, 'direct', 'nodeJoined']]);
    // A node being down is the node's story: the volume's report lists no access interval for it.
    const report = buildReport(sim);
    for (const v of report.volumes) {
      assert.deepEqual(v.noAccess, []);
      assert.deepEqual(v.redirected, []);
    }
  });

  it('a node not attached to the storage network starts redirected, silently (it is the configuration), with an interval from 0', () => {
    const sim = simulate(
      articleCluster({
        networks: [
          { name: 'Cluster Internal', role: 'cluster', bandwidth: '1Gbps' },
          { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps' },
          { name: 'iSCSI', role: 'none', bandwidth: '1Gbps', nodes: ['HV01', 'HV02', 'HV03'] },
        ],
        vms: [],
        duration: '10s',
      }),
    );
    assert.deepEqual(tracker(sim).accessOf('Cluster Disk 1', 'HV04'), { node: 'HV04', state: 'redirected', reason: 'storagePathLost', since: 0 });
    sim.run();
    assert.equal(csvEvents(sim).length, 0);
    assert.equal(sim.log.events[0].kind, 'simulation.started');
    assert.deepEqual(buildReport(sim).volumes[0].redirected, [{ node: 'HV04', from: 0, to: null, reason: 'storagePathLost' }]);
  });

  it('tells listeners of each change, after it is logged', () => {
    const sim = simulate(articleCluster({ timeline: [{ at: '3m', do: 'disconnect', node: 'HV03', network: 'iSCSI' }] }));
    const seen: string[] = [];
    tracker(sim).onChange((c) => {
      assert.equal(sim.log.events.at(-1)?.kind, 'csv.access');
      seen.push(`${c.disk} ${c.node} ${c.from.state}->${c.to.state} ${c.to.since}`);
    });
    sim.run();
    assert.deepEqual(seen, ['Cluster Disk 1 HV03 direct->redirected 180', 'Cluster Disk 2 HV03 direct->redirected 180']);
  });

  it('is deterministic: the same scenario gives the same log', () => {
    const json = articleCluster({
      timeline: [
        { at: '1m', do: 'disconnect', node: 'HV01', network: 'iSCSI' },
        { at: '2m', do: 'crashNode', node: 'HV03' },
        { at: '3m', do: 'failNetwork', network: 'iSCSI' },
        { at: '4m', do: 'restoreNetwork', network: 'iSCSI' },
      ],
    });
    assert.equal(run(json).sim.log.serialize(), run(json).sim.log.serialize());
  });
});
