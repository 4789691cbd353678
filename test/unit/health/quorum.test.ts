import { strict as assert } from 'node:assert';
import { computeQuorum } from '../../../src/engine/health/quorum';
import { takeSnapshot } from '../../../src/engine/takeSnapshot';
import { cluster } from '../../helpers/runScenario';
import { eventsOf, nodeStates, runChecked, twoRacks } from './helpers';

const names = ['HV01', 'HV02', 'HV03', 'HV04'];
/** Connected within {0, 1} and within {2, 3}. */
const split = (i: number, j: number) => (i < 2) === (j < 2);

describe('quorum: votes and partitions', () => {
  it('Node Majority: more than half of the nodes; a 2 + 2 split leaves no partition with quorum', () => {
    const all = computeQuorum({ nodes: names, alive: [true, true, true, true], connected: () => true, witness: null });
    assert.deepEqual([all.partitions.length, all.quorum?.votes, all.totalVotes], [1, 4, 4]);
    const halves = computeQuorum({ nodes: names, alive: [true, true, true, true], connected: split, witness: null });
    assert.deepEqual(halves.partitions.map((p) => [p.members, p.votes, p.hasQuorum]), [
      [[0, 1], 2, false],
      [[2, 3], 2, false],
    ]);
    assert.equal(halves.quorum, null);
    const threeOne = computeQuorum({ nodes: names, alive: [true, true, true, true], connected: (i, j) => i !== 3 && j !== 3, witness: null });
    assert.deepEqual(threeOne.quorum?.members, [0, 1, 2]);
  });

  it('Node and Disk Majority: the witness vote goes to the partition of its owner, if it reaches it, else the first that does', () => {
    const witness = (holder: number, reaches = [true, true, true, true]) => ({ kind: 'disk' as const, reaches, holder });
    let q = computeQuorum({ nodes: names, alive: [true, true, true, true], connected: split, witness: witness(0) });
    assert.deepEqual([q.quorum?.members, q.quorum?.votes, q.totalVotes], [[0, 1], 3, 5]);
    q = computeQuorum({ nodes: names, alive: [true, true, true, true], connected: split, witness: witness(3) });
    assert.deepEqual(q.quorum?.members, [2, 3], 'the holder keeps it');
    q = computeQuorum({ nodes: names, alive: [true, true, true, true], connected: split, witness: witness(0, [false, false, true, true]) });
    assert.deepEqual(q.quorum?.members, [2, 3], 'the holder cannot reach it: the other side takes it');
    q = computeQuorum({ nodes: names, alive: [true, true, true, true], connected: split, witness: witness(0, [false, false, false, false]) });
    assert.equal(q.quorum, null, 'nobody reaches the witness: 2 of 5 on each side');
  });

  it('a node that is not a member (its cluster service stopped) is in no partition\'s votes, and the total of votes stays the configured one', () => {
    const q = computeQuorum({ nodes: names, alive: [true, true, true, true], member: [true, true, false, false], connected: () => true, witness: null });
    // Two of four votes: not more than half (with dynamic quorum, a 2012 R2 feature, it would be 2 of 2).
    assert.deepEqual([q.totalVotes, q.quorum, q.partitions.map((p) => [p.members, p.votes])], [4, null, [[[0, 1], 2], [[2], 0], [[3], 0]]]);
    const witness = { kind: 'disk' as const, reaches: [true, true, true, true], holder: 2 };
    const w = computeQuorum({ nodes: names, alive: [true, true, true, true], member: [true, true, false, false], connected: () => true, witness });
    // The witness's owner left: its vote goes to the partition of members that reaches it: 3 of 5.
    assert.deepEqual([w.quorum?.members, w.quorum?.votes, w.totalVotes], [[0, 1], 3, 5]);
  });

  it('a crashed node keeps its vote until it is declared down, but a partition of crashed nodes never has quorum', () => {
    const q = computeQuorum({ nodes: names, alive: [false, true, true, true], connected: () => true, witness: null });
    assert.equal(q.quorum?.votes, 4);
    const dead = computeQuorum({ nodes: ['HV01'], alive: [false], connected: () => true, witness: null });
    assert.equal(dead.quorum, null);
  });
});

describe('quorum: the cluster splits', () => {
  it('2 + 2 without a witness: no side has quorum, every node stops its cluster service, every VM stops; the report says when and why', () => {
    const { sim, report } = runChecked(
      twoRacks({
        // Not drawn at random: each VM is placed on the next node after its own in file order.
        settings: { disableGroupPreferredOwnerRandomization: true },
        timeline: [
          { at: '30s', do: 'failNetwork', network: 'Cluster' },
          { at: '2m', do: 'restoreNetwork', network: 'Cluster' },
        ],
      }),
    );
    const lost = report.quorum[1];
    assert.deepEqual([lost.at, lost.hasQuorum, lost.nodes, lost.votes, lost.totalVotes], [35, false, [], 2, 4]);
    assert.match(lost.reason!, /no partition has more than half of the 4 votes \(HV01, HV02: 2 of 4; HV03, HV04: 2 of 4\): every VM stops/);
    assert.deepEqual(eventsOf(sim, 'quorum').map((e) => [e.t, e.hasQuorum]), [[35, false], [121, true]]);
    // Every VM stopped at 35 s; when the network is back, the cluster forms again at the next
    // heartbeat and restarts them.
    const stopped = sim.log.events.filter((e) => e.kind === 'vm.state' && e.state === 'failed');
    assert.deepEqual(stopped.map((e) => [e.t, e.subject]), [[35, 'A1'], [35, 'A2'], [35, 'B3'], [35, 'B4']]);
    assert.ok(report.failovers.every((f) => f.cause === 'quorumLost' && f.failedAt === 35 && f.detectedAt === 35 && f.onlineAt === 181));
    // Placed as failovers: the next node after each VM's own, wrapping round (HV04 -> HV01).
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.to]), [['A1', 'HV02'], ['A2', 'HV03'], ['B3', 'HV04'], ['B4', 'HV01']]);
    const hv03 = eventsOf(sim, 'node.state').filter((e) => e.subject === 'HV03').map((e) => [e.t, e.state]);
    assert.deepEqual(hv03, [[35, 'down'], [120, 'joining'], [121, 'up']]);
    assert.deepEqual(nodeStates(sim), ['HV01:up', 'HV02:up', 'HV03:up', 'HV04:up']);
  });

  it('2 + 2 with a witness disk: the side holding the witness keeps running and takes over the VMs of the other', () => {
    const { sim, report } = runChecked(
      twoRacks({
        // Not drawn at random: the next node after HV03 and after HV04 that is up is HV01 for both.
        settings: { quorum: { model: 'nodeAndDiskMajority', witness: 'Witness' }, disableGroupPreferredOwnerRandomization: true },
        timeline: [{ at: '30s', do: 'failNetwork', network: 'Cluster' }],
      }),
    );
    assert.deepEqual(report.quorum.map((q) => [q.at, q.hasQuorum, q.nodes, q.votes, q.totalVotes]), [
      [0, true, undefined, undefined, undefined],
      [35, true, ['HV01', 'HV02'], 3, 5],
    ]);
    assert.match(report.quorum[1].reason!, /HV01, HV02 with the witness disk Witness have 3 of 5 votes, more than half; HV03, HV04 are out/);
    assert.deepEqual(nodeStates(sim), ['HV01:up', 'HV02:up', 'HV03:down', 'HV04:down']);
    const snap = takeSnapshot(sim);
    assert.equal(snap.hasQuorum, true);
    assert.deepEqual([snap.quorum?.at, snap.quorum?.nodes, snap.quorum?.votes, snap.quorum?.totalVotes], [35, ['HV01', 'HV02'], 3, 5]);
    assert.deepEqual(eventsOf(sim, 'node.declaredDown').map((e) => [e.subject, e.by]), [
      ['HV03', ['HV01', 'HV02']],
      ['HV04', ['HV01', 'HV02']],
    ]);
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.from, f.to, f.failedAt, f.onlineAt]), [
      ['B3', 'HV03', 'HV01', 35, 95],
      ['B4', 'HV04', 'HV01', 35, 95],
    ]);
    assert.deepEqual(report.vms.map((v) => [v.vm, v.node, v.state]), [
      ['A1', 'HV01', 'running'],
      ['A2', 'HV02', 'running'],
      ['B3', 'HV01', 'running'],
      ['B4', 'HV01', 'running'],
    ]);
  });

  it('2 + 2 with a witness the holding side cannot reach: the other side wins it', () => {
    const { sim, report } = runChecked(
      twoRacks({
        networks: [
          { name: 'Cluster', role: 'cluster', bandwidth: '1Gbps' },
          { name: 'Rack A', role: 'cluster', bandwidth: '1Gbps', nodes: ['HV01', 'HV02'] },
          { name: 'Rack B', role: 'cluster', bandwidth: '1Gbps', nodes: ['HV03', 'HV04'] },
          { name: 'iSCSI', role: 'none', bandwidth: '1Gbps' },
        ],
        disks: [
          { name: 'CSV1', size: '2TiB', csv: true, path: 'fabric' },
          { name: 'Witness', size: '1GiB', role: 'witness', path: 'iSCSI' },
        ],
        settings: { quorum: { model: 'nodeAndDiskMajority', witness: 'Witness' } },
        timeline: [
          { at: '10s', do: 'disconnect', node: 'HV01', network: 'iSCSI' },
          { at: '10s', do: 'disconnect', node: 'HV02', network: 'iSCSI' },
          { at: '30s', do: 'failNetwork', network: 'Cluster' },
        ],
      }),
    );
    assert.deepEqual(report.quorum.at(-1)?.nodes, ['HV03', 'HV04']);
    assert.deepEqual(nodeStates(sim), ['HV01:down', 'HV02:down', 'HV03:up', 'HV04:up']);
    assert.equal(sim.state.disk('Witness').owner, 'HV03');
    assert.deepEqual(report.vms.map((v) => v.node), ['HV03', 'HV03', 'HV03', 'HV04']);
  });

  it('losing quorum everywhere: the last node of three stops; it comes back when a second node returns', () => {
    const { sim, report } = runChecked(
      cluster({
        vms: [
          { name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1' },
          { name: 'C', owner: 'HV03', memory: '4GiB', disk: 'CSV1' },
        ],
        timeline: [
          { at: '10s', do: 'crashNode', node: 'HV01' },
          { at: '10s', do: 'crashNode', node: 'HV02' },
          { at: '5m', do: 'startNode', node: 'HV02' },
        ],
      }),
    );
    assert.deepEqual(report.quorum.map((q) => [q.at, q.hasQuorum]), [[0, true], [15, false], [301, true]]);
    assert.match(report.quorum[1].reason!, /HV03: 1 of 3/);
    const c = report.failovers.filter((f) => f.vm === 'C');
    assert.deepEqual(c.map((f) => [f.from, f.to, f.failedAt, f.cause, f.onlineAt]), [['HV03', 'HV02', 15, 'quorumLost', 361]]);
    // A waited for quorum (detected at 15 s), then restarted with the others.
    const a = report.failovers.find((f) => f.vm === 'A')!;
    assert.deepEqual([a.to, a.detectedAt, a.onlineAt], ['HV02', 15, 361]);
    assert.ok(eventsOf(sim, 'failover.failed').some((e) => e.subject === 'A' && /no partition of the cluster has quorum/.test(e.reason)));
    assert.deepEqual(nodeStates(sim), ['HV01:down', 'HV02:up', 'HV03:up']);
  });

  it('a VM never runs on both sides: at every event, each running VM is in the partition with quorum', () => {
    // runChecked asserts it after every event; here a busier split with migrations in flight.
    const { report } = runChecked(
      twoRacks({
        settings: { quorum: { model: 'nodeAndDiskMajority', witness: 'Witness' }, liveMigration: { maxConcurrentPerNode: 2 } },
        timeline: [
          { at: '5s', do: 'liveMigrate', vm: 'B3', to: 'HV01' },
          { at: '5s', do: 'liveMigrate', vm: 'A2', to: 'HV04' },
          { at: '20s', do: 'failNetwork', network: 'Cluster' },
          { at: '3m', do: 'restoreNetwork', network: 'Cluster' },
        ],
      }),
    );
    assert.ok(report.vms.every((v) => v.state === 'running'));
  });
});
