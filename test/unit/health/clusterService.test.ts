/**
 * Stopping and starting the Cluster service on a node (stopClusterService / startClusterService),
 * as 2008 R2 does it: the node's groups "fail over" (moved through each VM's offline action), then
 * the node leaves the cluster gracefully, its vote gone. Figures by hand: a CSV on a fabric at
 * 256 MiB/s per VM (a 4 GiB VM with no disk I/O saves in 16 s and restores in 16 s),
 * guestShutdownTime and bootTime 60 s, heartbeats 1 s apart.
 */
import { strict as assert } from 'node:assert';
import { takeSnapshot } from '../../../src/engine/takeSnapshot';
import { createSimulation } from '../../../src/engine';
import { cluster, load, workload, type ScenarioJson } from '../../helpers/runScenario';
import { eventsOf, nodeStates, runChecked } from './helpers';

const quiet = workload('1MB/s', '64MiB', 0.9);

/** Three 64 GiB nodes; each VM on its own CSV (fabric, 256 MiB/s), all coordinated by HV01 at the start. */
function onHv01(vms: ScenarioJson[], extra: ScenarioJson = {}): ScenarioJson {
  const { settings, ...rest } = extra;
  return cluster({
    disks: vms.map((v) => ({ name: `CSV-${String(v.name)}`, size: '1TiB', throughput: '256MiB/s', csv: true, path: 'fabric' })),
    vms: vms.map((v) => ({ owner: 'HV01', memory: '4GiB', workload: quiet, disk: `CSV-${String(v.name)}`, ...v })),
    // A VM without preferred owners goes to the next node in file order (not to one drawn at
    // random), so where each group goes can be worked out by hand.
    settings: { liveMigration: { networks: ['Live Migration', 'LAN'] }, disableGroupPreferredOwnerRandomization: true, ...(settings as ScenarioJson | undefined) },
    ...rest,
  });
}

describe('stopClusterService: the groups move through their offline action, then the node leaves', () => {
  const json = onHv01(
    [
      { name: 'S', offlineAction: 'save' },
      { name: 'D', offlineAction: 'shutdown' },
      { name: 'T', offlineAction: 'turnOff' },
    ],
    { timeline: [{ at: '10s', do: 'stopClusterService', node: 'HV01' }] },
  );

  it('moves each VM to the node the failover order gives, by its own offline action, with its outage', () => {
    const { report } = runChecked(json);
    assert.deepEqual(
      report.migrations.map((m) => [m.vm, m.type, m.cause, m.offlineAction, m.from, m.to, m.requestedAt, m.completedAt, m.blackout]),
      [
        // Save 16 s, restore 16 s.
        ['S', 'quick', 'stopClusterService', 'save', 'HV01', 'HV02', 10, 42, 32],
        // Guest shutdown 60 s, boot 60 s.
        ['D', 'quick', 'stopClusterService', 'shutdown', 'HV01', 'HV02', 10, 130, 120],
        // Off at once, boot 60 s.
        ['T', 'quick', 'stopClusterService', 'turnOff', 'HV01', 'HV02', 10, 70, 60],
      ],
    );
    for (const v of report.vms) assert.deepEqual([v.node, v.state], ['HV02', 'running'], v.vm);
  });

  it('leaves once nothing holds memory on it (the last guest is off at 70 s): no failure detection, its coordinator roles moved with a by-hand pause, its vote gone', () => {
    const { sim, report } = runChecked(json);
    assert.deepEqual(
      eventsOf(sim, 'node.clusterService').map((e) => [e.t, e.subject, e.state]),
      [[10, 'HV01', 'stopping'], [70, 'HV01', 'stopped']],
    );
    assert.deepEqual(eventsOf(sim, 'node.state').map((e) => [e.t, e.subject, e.state]), [[70, 'HV01', 'down']]);
    // The others know at once: nobody declares it down after missed heartbeats.
    assert.deepEqual(eventsOf(sim, 'node.declaredDown'), []);
    assert.deepEqual(
      report.quorum.map((q) => [q.at, q.hasQuorum, q.nodes, q.votes, q.totalVotes]),
      [
        [0, true, undefined, undefined, undefined],
        // 2008 R2 has no dynamic quorum: its vote goes, the total stays 3.
        [70, true, ['HV02', 'HV03'], 2, 3],
      ],
    );
    // Each CSV it coordinated moved to HV02 first: dismount on HV01 (0.1 s) + mount on HV02 (0.3 s).
    for (const v of report.volumes) {
      assert.equal(v.coordinator, 'HV02', v.disk);
      assert.deepEqual(v.paused.map((p) => [p.from, Math.round((p.to! - p.from) * 1000) / 1000]), [[70, 0.4]], v.disk);
    }
    assert.deepEqual(eventsOf(sim, 'csv.coordinator').map((e) => [e.t, e.node, e.previous, e.reason]), [
      [70, 'HV02', 'HV01', 'clusterServiceStopped'],
      [70, 'HV02', 'HV01', 'clusterServiceStopped'],
      [70, 'HV02', 'HV01', 'clusterServiceStopped'],
    ]);
    assert.deepEqual(report.nodes.map((n) => [n.node, n.state, n.cause]), [['HV01', 'down', 'serviceStopped'], ['HV02', 'up', null], ['HV03', 'up', null]]);
  });

  it('shows the node stopping then down (serviceStopped) in snapshots, and takes no new VM while it stops', () => {
    const other = { name: 'O', owner: 'HV02', memory: '4GiB', disk: 'CSV-S', workload: quiet };
    const sim = createSimulation(load({ ...json, vms: [...(json.vms as ScenarioJson[]), other] }));
    sim.runUntil(20);
    const stopping = takeSnapshot(sim).nodes[0];
    assert.deepEqual([stopping.status, stopping.stopping, stopping.downCause], ['up', true, undefined]);
    // A live migration to it is refused with the reason, as the pick would show it.
    assert.equal(sim.migrations.preflight('O', 'live').find((v) => v.node === 'HV01')?.reason, 'target node HV01 is stopping its cluster service');
    assert.deepEqual(sim.request({ do: 'liveMigrate', vm: 'O', to: 'HV01' }), { accepted: false, reason: 'target node HV01 is stopping its cluster service' });
    sim.runUntil(80);
    const down = takeSnapshot(sim).nodes[0];
    assert.deepEqual([down.status, down.stopping, down.downCause], ['down', undefined, 'serviceStopped']);
    assert.equal(sim.migrations.preflight('O', 'live').find((v) => v.node === 'HV01')?.reason, 'target node HV01 is down: its cluster service is stopped');
  });

  it('startClusterService: the node joins at the next heartbeat, then VMs that may fail back to it do', () => {
    const { sim, report } = runChecked(
      onHv01([{ name: 'S', failback: 'immediately', preferredOwners: ['HV01', 'HV02'] }], {
        timeline: [
          { at: '10s', do: 'stopClusterService', node: 'HV01' },
          { at: '100s', do: 'startClusterService', node: 'HV01' },
        ],
      }),
    );
    // S saved at 26 s (the node leaves then: nothing holds memory on it), restored on HV02 at 42 s.
    assert.deepEqual(eventsOf(sim, 'node.state').map((e) => [e.t, e.state]), [[26, 'down'], [100, 'joining'], [101, 'up']]);
    // "Services or applications on that node will fail over": a move off a stopping node counts as one for failback.
    assert.deepEqual(report.migrations.map((m) => [m.cause, m.from, m.to, m.requestedAt, m.completedAt]), [
      ['stopClusterService', 'HV01', 'HV02', 10, 42],
      ['failback', 'HV02', 'HV01', 101, 133],
    ]);
    assert.deepEqual(report.nodes.map((n) => n.state), ['up', 'up', 'up']);
  });
});

describe('stopClusterService: refusals and harder cases', () => {
  it('refuses, with the reason: a node that crashed, one already stopping or stopped; starting one that runs or crashed; startNode on a stopped one', () => {
    const sim = createSimulation(load(onHv01([{ name: 'S' }])));
    sim.start();
    const refused = (action: Parameters<typeof sim.request>[0]) => {
      const r = sim.request(action);
      return r.accepted ? 'accepted' : r.reason;
    };
    assert.equal(refused({ do: 'startClusterService', node: 'HV02' }), 'the cluster service of HV02 is running (HV02 is up)');
    assert.equal(refused({ do: 'crashNode', node: 'HV03' }), 'accepted');
    assert.equal(refused({ do: 'stopClusterService', node: 'HV03' }), 'HV03 is down (crashed)');
    assert.equal(refused({ do: 'startClusterService', node: 'HV03' }), 'HV03 is down (crashed): start the node (startNode)');
    assert.equal(refused({ do: 'stopClusterService', node: 'HV01' }), 'accepted');
    assert.equal(refused({ do: 'stopClusterService', node: 'HV01' }), 'the cluster service of HV01 is already stopping');
    assert.equal(refused({ do: 'startClusterService', node: 'HV01' }), 'the cluster service of HV01 is still stopping: its roles are moving away');
    assert.equal(refused({ do: 'drainNode', node: 'HV01' }), 'the cluster service of HV01 is stopping: its roles are already moving away');
    sim.runUntil(30);
    assert.equal(refused({ do: 'stopClusterService', node: 'HV01' }), 'the cluster service of HV01 is already stopped');
    assert.match(refused({ do: 'startNode', node: 'HV01' }), /^HV01 is running: its cluster service was stopped; start the cluster service \(startClusterService\)/);
  });

  it('a VM no node can take is taken offline through its offline action where it is, and stays offline, with the reason', () => {
    const { report } = runChecked(
      onHv01([{ name: 'BIG', memory: '16GiB' }], {
        nodes: [
          { name: 'HV01', memory: '64GiB' },
          { name: 'HV02', memory: '8GiB' },
          { name: 'HV03', memory: '8GiB' },
        ],
        timeline: [{ at: '10s', do: 'stopClusterService', node: 'HV01' }],
      }),
    );
    assert.deepEqual(report.migrations, []);
    const o = report.offlines;
    // Saved where it is: 16 GiB at 256 MiB/s, 64 s; then the node leaves.
    assert.deepEqual(o.map((x) => [x.vm, x.node, x.cause, x.action, x.startedAt, x.offlineAt, x.onlineAt]), [['BIG', 'HV01', 'clusterServiceStopped', 'save', 10, 74, null]]);
    assert.match(o[0].reason ?? '', /^no node can take BIG: HV02 has 8 GiB free, BIG needs 16 GiB; HV03 has 8 GiB free, BIG needs 16 GiB; it stays offline until it is started$/);
    assert.deepEqual([report.vms[0].node, report.vms[0].state], ['HV01', 'saved']);
    assert.deepEqual(report.nodes.map((n) => [n.state, n.cause]), [['down', 'serviceStopped'], ['up', null], ['up', null]]);
  });

  it('a paused node can be stopped: what the drain could not move is taken offline, the rest is gone already; started again it is up', () => {
    const { sim, report } = runChecked(
      onHv01([{ name: 'S' }, { name: 'BIG', memory: '16GiB' }], {
        nodes: [
          { name: 'HV01', memory: '64GiB' },
          { name: 'HV02', memory: '8GiB' },
          { name: 'HV03', memory: '8GiB' },
        ],
        settings: { liveMigration: { networks: ['Live Migration'] } },
        timeline: [
          { at: '10s', do: 'drainNode', node: 'HV01' },
          { at: '5m', do: 'stopClusterService', node: 'HV01' },
          { at: '10m', do: 'startClusterService', node: 'HV01' },
        ],
      }),
    );
    // The drain moved S by live migration; BIG had nowhere to go.
    assert.deepEqual(report.migrations.map((m) => [m.vm, m.type, m.cause, m.outcome]), [['S', 'live', 'drain', 'completed'], ['BIG', 'live', 'drain', 'failed']]);
    assert.deepEqual(report.offlines.map((o) => [o.vm, o.cause, o.startedAt, o.offlineAt]), [['BIG', 'clusterServiceStopped', 300, 364]]);
    assert.deepEqual(eventsOf(sim, 'node.state').map((e) => [e.t, e.state]), [[10, 'paused'], [364, 'down'], [600, 'joining'], [601, 'up']]);
    assert.deepEqual(nodeStates(sim), ['HV01:up', 'HV02:up', 'HV03:up']);
  });

  it('a classic disk moves with its group: both VMs on it go together, the disk offline on the node (0.3 s) and online on the target (0.7 s)', () => {
    const { sim, report } = runChecked(
      cluster({
        disks: [{ name: 'LUN', size: '1TiB', throughput: '256MiB/s', path: 'fabric' }],
        vms: [
          { name: 'A', owner: 'HV01', memory: '4GiB', disk: 'LUN', workload: quiet },
          { name: 'B', owner: 'HV01', memory: '4GiB', disk: 'LUN', workload: quiet, offlineAction: 'turnOff' },
        ],
        timeline: [{ at: '10s', do: 'stopClusterService', node: 'HV01' }],
      }),
    );
    // A saved in 16 s (B off at once), the disk moves in 1 s, A restored in 16 s and B booted in 60 s.
    assert.deepEqual(report.migrations.map((m) => [m.vm, m.movedWith, m.offlineAction, m.completedAt]), [['A', ['B'], 'save', 87]]);
    assert.deepEqual(eventsOf(sim, 'migration.phase').map((e) => [e.t, e.phase]), [[10, 'save'], [26, 'diskOffline'], [26.3, 'diskOnline'], [27, 'restore']]);
    // The group reached HV02 when the disk changed owner: the node left then.
    assert.deepEqual(eventsOf(sim, 'node.state').map((e) => [e.t, e.state]), [[26.3, 'down']]);
    assert.equal(sim.state.disk('LUN').owner, 'HV02');
  });

  it("a classic disk's group goes only to a possible owner of every VM on it, the VMs that are off included", () => {
    // B (off) may live on HV01 and HV03 only: the group of the LUN skips HV02 although A could go there.
    const { report } = runChecked(
      cluster({
        disks: [{ name: 'LUN', size: '1TiB', throughput: '256MiB/s', path: 'fabric' }],
        vms: [
          { name: 'A', owner: 'HV01', memory: '4GiB', disk: 'LUN', workload: quiet, offlineAction: 'turnOff' },
          { name: 'B', owner: 'HV01', memory: '4GiB', disk: 'LUN', workload: quiet, state: 'off', possibleOwners: ['HV01', 'HV03'] },
        ],
        settings: { liveMigration: { networks: ['Live Migration', 'LAN'] }, disableGroupPreferredOwnerRandomization: true },
        timeline: [{ at: '10s', do: 'stopClusterService', node: 'HV01' }],
      }),
    );
    assert.deepEqual(report.migrations.map((m) => [m.vm, m.to, m.outcome]), [['A', 'HV03', 'completed']]);
    assert.deepEqual(report.vms.map((v) => [v.vm, v.node]), [['A', 'HV03'], ['B', 'HV03']]);
  });

  it('a group no node can take, whose guest is shutting down, is not moved again while it shuts down: it goes off and the node leaves', () => {
    // B may only live on HV01: A's group (the LUN) has nowhere to go, so A is shut down where it
    // is (60 s) and stays off; the node leaves once it is off.
    const { sim, report } = runChecked(
      cluster({
        disks: [{ name: 'LUN', size: '1TiB', throughput: '256MiB/s', path: 'fabric' }],
        vms: [
          { name: 'A', owner: 'HV01', memory: '4GiB', disk: 'LUN', workload: quiet, offlineAction: 'shutdown' },
          { name: 'B', owner: 'HV01', memory: '4GiB', disk: 'LUN', workload: quiet, state: 'off', possibleOwners: ['HV01'] },
        ],
        timeline: [{ at: '10s', do: 'stopClusterService', node: 'HV01' }],
      }),
    );
    assert.deepEqual(report.migrations, []);
    assert.deepEqual(report.offlines.map((o) => [o.vm, o.cause, o.action, o.startedAt, o.offlineAt, o.onlineAt]), [['A', 'clusterServiceStopped', 'shutdown', 10, 70, null]]);
    assert.deepEqual(eventsOf(sim, 'node.state').map((e) => [e.t, e.subject, e.state]), [[70, 'HV01', 'down']]);
  });
});

describe('stopClusterService and quorum (2008 R2: no dynamic quorum)', () => {
  it('a stopped node weakens quorum as a down one does: stopping two of three nodes leaves 1 of 3 votes, and every VM stops', () => {
    const { sim, report } = runChecked(
      cluster({
        vms: [{ name: 'A', owner: 'HV03', memory: '4GiB', disk: 'CSV1', workload: quiet }],
        timeline: [
          { at: '10s', do: 'stopClusterService', node: 'HV01' },
          { at: '20s', do: 'stopClusterService', node: 'HV02' },
        ],
      }),
    );
    assert.deepEqual(
      report.quorum.slice(1).map((q) => [q.at, q.hasQuorum, q.votes, q.totalVotes]),
      [
        [10, true, 2, 3],
        [20, false, 1, 3],
      ],
    );
    // HV03 stops its own cluster service for lack of quorum; its VM with it.
    assert.deepEqual(report.nodes.map((n) => [n.node, n.state, n.cause]), [
      ['HV01', 'down', 'serviceStopped'],
      ['HV02', 'down', 'serviceStopped'],
      ['HV03', 'down', 'quorumLost'],
    ]);
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.cause, f.to]), [['A', 'quorumLost', null]]);
    assert.deepEqual(eventsOf(sim, 'node.declaredDown'), []);
  });

  it('a two-node cluster: stopping one costs quorum, the group moved to the other stops too; starting it again brings quorum and the VM back', () => {
    const { report } = runChecked(
      onHv01([{ name: 'S' }], {
        nodes: [
          { name: 'HV01', memory: '64GiB' },
          { name: 'HV02', memory: '64GiB' },
        ],
        timeline: [
          { at: '10s', do: 'stopClusterService', node: 'HV01' },
          { at: '100s', do: 'startClusterService', node: 'HV01' },
        ],
      }),
    );
    // S is saved at 26 s and its group is on HV02: HV01 leaves, HV02 alone has 1 of 2 votes.
    assert.deepEqual(report.quorum.slice(1).map((q) => [q.at, q.hasQuorum, q.votes, q.totalVotes]), [[26, false, 1, 2], [101, true, 2, 2]]);
    // It was being restored on HV02: its move fails, and it is left saved there with its disk.
    assert.deepEqual(report.migrations.map((m) => [m.vm, m.outcome, m.reason]), [
      ['S', 'failed', 'target node HV02 went down; S was saved and left on HV02 with CSV-S: the cluster fails the group over (restored from the saved state)'],
    ]);
    // Once quorum is back (101 s) the group comes online on the first node in file order that can
    // take it, HV01, restored from its saved state (16 s): online at 117 s, nothing lost.
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.cause, f.from, f.to, f.failedAt, f.onlineAt, f.lostBytes]), [['S', 'moveFailed', 'HV02', 'HV01', 26, 117, 0]]);
    assert.deepEqual([report.vms[0].node, report.vms[0].state], ['HV01', 'running']);
  });

  it('a node crashing while its cluster service stops: the stop is over, it is down (crashed), and startNode brings it back', () => {
    const { sim, report } = runChecked(
      onHv01([{ name: 'D', offlineAction: 'shutdown' }], {
        timeline: [
          { at: '10s', do: 'stopClusterService', node: 'HV01' },
          { at: '30s', do: 'crashNode', node: 'HV01' },
          { at: '100s', do: 'startNode', node: 'HV01' },
        ],
      }),
    );
    assert.deepEqual(report.migrations.map((m) => [m.vm, m.outcome, m.reason]), [['D', 'failed', 'source node HV01 went down']]);
    // D was shutting down: it stopped with the node and fails over, crash-consistent.
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.cause, f.to]), [['D', 'nodeCrashed', 'HV02']]);
    assert.deepEqual(eventsOf(sim, 'node.clusterService').map((e) => e.state), ['stopping']);
    assert.deepEqual(nodeStates(sim), ['HV01:up', 'HV02:up', 'HV03:up']);
  });
});
