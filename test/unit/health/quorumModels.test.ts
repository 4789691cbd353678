import { strict as assert } from 'node:assert';
import { computeQuorum, type QuorumWitness } from '../../../src/engine/health/quorum';
import { cluster } from '../../helpers/runScenario';
import { eventsOf, nodeStates, runChecked } from './helpers';

/**
 * The quorum models of 2008 R2, against TechNet's "Understanding Quorum Configurations in a
 * Failover Cluster" (as reproduced in docs/research/2008r2-sources.md, Q12):
 * - Node Majority "can sustain failures of half the nodes (rounding up) minus one";
 * - Node and Disk Majority "can sustain failures of half the nodes (rounding up) if the disk
 *   witness remains online ... minus one if the disk witness goes offline or fails";
 * - Node and File Share Majority "works in a similar way to Node and Disk Majority";
 * - No Majority: Disk Only "can sustain failures of all nodes except one (if the disk is online)".
 */
type Model = 'nodeMajority' | 'disk' | 'fileShare' | 'diskOnly';

/** Does the cluster of n nodes still run after f node failures (the failed nodes declared down), with the witness online or not? */
function survives(model: Model, n: number, f: number, witnessOnline: boolean): boolean {
  const nodes = Array.from({ length: n }, (_, i) => `N${i + 1}`);
  const alive = nodes.map((_, i) => i < n - f);
  // The survivors see each other; a failed node is declared down: alone, and dead.
  const connected = (i: number, j: number) => alive[i] && alive[j];
  const witness: QuorumWitness | null =
    model === 'nodeMajority' ? null : { kind: model === 'fileShare' ? 'fileShare' : 'disk', reaches: alive.map((a) => a && witnessOnline), holder: 0 };
  return computeQuorum({ nodes, alive, connected, witness, witnessOnly: model === 'diskOnly' }).quorum !== null;
}

/** The most node failures the cluster survives. */
function tolerated(model: Model, n: number, witnessOnline = true): number {
  let f = -1;
  while (f + 1 <= n && survives(model, n, f + 1, witnessOnline)) f++;
  return f;
}

describe('quorum models: how many node failures each survives (TechNet 2008 R2)', () => {
  const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 16];
  // With a witness the text's count needs a node left to run: a one-node cluster survives none.
  const withWitness = sizes.filter((n) => n >= 2);
  const halfUp = (n: number) => Math.ceil(n / 2);

  it('Node Majority: half the nodes (rounding up) minus one; "a seven node cluster can sustain three node failures"', () => {
    for (const n of sizes) assert.equal(tolerated('nodeMajority', n), halfUp(n) - 1, `${n} nodes`);
    assert.equal(tolerated('nodeMajority', 7), 3);
  });

  // The text's "half the nodes (rounding up)" is its recommended case, an even number of nodes.
  // The witness is one vote among n + 1: with an odd n the total is even, and losing half the
  // nodes rounded up leaves exactly half the votes, not a majority. So an odd cluster gains
  // nothing from a witness (which is why TechNet recommends Node Majority for it), and loses one
  // more failure while the witness is down. "Minus one" when it fails holds for every count.
  const withWitnessOnline = (n: number) => (n % 2 === 0 ? n / 2 : halfUp(n) - 1);

  it('Node and Disk Majority: half the nodes (even counts) with the witness online, minus one without; six nodes: 3, and 2 with a failed witness', () => {
    for (const n of withWitness) {
      assert.equal(tolerated('disk', n, true), withWitnessOnline(n), `${n} nodes, witness online`);
      assert.equal(tolerated('disk', n, false), withWitnessOnline(n) - 1, `${n} nodes, witness failed`);
    }
    assert.deepEqual([tolerated('disk', 6, true), tolerated('disk', 6, false)], [3, 2]);
    // One node and a witness: 1 of 2 votes is not a majority, so a failed witness stops it.
    assert.deepEqual([survives('disk', 1, 0, true), survives('disk', 1, 1, true), survives('disk', 1, 0, false)], [true, false, false]);
  });

  it('Node and File Share Majority: as Node and Disk Majority, with the file share as witness', () => {
    for (const n of withWitness) {
      assert.equal(tolerated('fileShare', n, true), withWitnessOnline(n), `${n} nodes`);
      assert.equal(tolerated('fileShare', n, false), withWitnessOnline(n) - 1, `${n} nodes, share unreachable`);
    }
  });

  it('No Majority: Disk Only: all nodes but one while the disk is online; none when it fails (a single point of failure)', () => {
    for (const n of sizes) {
      assert.equal(tolerated('diskOnly', n, true), n - 1, `${n} nodes`);
      assert.equal(survives('diskOnly', n, 0, false), false, `${n} nodes, every node up, the disk failed`);
    }
  });

  it('Disk Only: of two partitions, the one holding the disk runs, however small; the vote total is 1', () => {
    const nodes = ['HV01', 'HV02', 'HV03'];
    const split = (i: number, j: number) => (i === 0) === (j === 0);
    const q = computeQuorum({ nodes, alive: [true, true, true], connected: split, witness: { kind: 'disk', reaches: [true, true, true], holder: 0 }, witnessOnly: true });
    assert.deepEqual([q.quorum?.members, q.quorum?.votes, q.totalVotes], [[0], 1, 1]);
    assert.deepEqual(q.partitions.map((p) => [p.members, p.votes, p.hasQuorum]), [[[0], 1, true], [[1, 2], 0, false]]);
  });

  it('file share witness: only one partition holds it; when two reach it the incumbent keeps it, else the first that reaches it', () => {
    const nodes = ['HV01', 'HV02', 'HV03', 'HV04'];
    const split = (i: number, j: number) => (i < 2) === (j < 2);
    const share = (holder: number, reaches = [true, true, true, true]): QuorumWitness => ({ kind: 'fileShare', reaches, holder });
    let q = computeQuorum({ nodes, alive: [true, true, true, true], connected: split, witness: share(3) });
    assert.deepEqual([q.quorum?.members, q.quorum?.votes, q.totalVotes], [[2, 3], 3, 5]);
    assert.equal(q.partitions.filter((p) => p.holdsWitness).length, 1);
    q = computeQuorum({ nodes, alive: [true, true, true, true], connected: split, witness: share(3, [true, true, false, false]) });
    assert.deepEqual(q.quorum?.members, [0, 1], 'the holder side lost the share: the other side takes it');
  });
});

/** Four nodes; heartbeats over Cluster and LAN; the file share witness on a server on the LAN. */
function fourNodes(overrides: Record<string, unknown> = {}) {
  return cluster({
    nodes: ['HV01', 'HV02', 'HV03', 'HV04'].map((name) => ({ name, memory: '32GiB' })),
    networks: [
      { name: 'Cluster', role: 'cluster', bandwidth: '1Gbps' },
      { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps' },
      { name: 'iSCSI', role: 'none', bandwidth: '1Gbps' },
    ],
    disks: [
      { name: 'CSV1', size: '2TiB', csv: true, path: 'fabric' },
      { name: 'Quorum', size: '1GiB', role: 'witness', path: 'iSCSI' },
    ],
    settings: { quorum: { model: 'nodeAndFileShareMajority', fileShareWitness: { network: 'LAN' } } },
    vms: [
      { name: 'A1', owner: 'HV01', memory: '4GiB', disk: 'CSV1' },
      { name: 'B3', owner: 'HV03', memory: '4GiB', disk: 'CSV1' },
    ],
    ...overrides,
  });
}

describe('Node and File Share Majority in a run', () => {
  it('2 + 2: the half that still reaches the file server over the LAN holds the witness (3 of 5) and takes over the VMs of the other', () => {
    const cut = (node: string) => [
      { at: '30s', do: 'disconnect', node, network: 'Cluster' },
      { at: '30s', do: 'disconnect', node, network: 'LAN' },
    ];
    const { sim, report } = runChecked(fourNodes({ timeline: [...cut('HV03'), ...cut('HV04')] }));
    const q = report.quorum.at(-1)!;
    assert.deepEqual([q.at, q.hasQuorum, q.nodes, q.votes, q.totalVotes], [35, true, ['HV01', 'HV02'], 3, 5]);
    assert.match(q.reason!, /HV01, HV02 with the file share witness over LAN have 3 of 5 votes, more than half; HV03, HV04 are out/);
    assert.deepEqual(q.witness, { name: 'the file share witness over LAN', heldBy: ['HV01', 'HV02'] });
    assert.deepEqual(nodeStates(sim), ['HV01:up', 'HV02:up', 'HV03:down', 'HV04:down']);
    // Restarted in the partition with quorum (which of its nodes is the placement's business).
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.cause, ['HV01', 'HV02'].includes(f.to ?? '')]), [['B3', 'quorumLost', true]]);
  });

  it('the witness on one side only: the side that lost the LAN loses the share too, even though it held it; the other side wins', () => {
    const cut = (node: string) => [
      { at: '30s', do: 'disconnect', node, network: 'Cluster' },
      { at: '30s', do: 'disconnect', node, network: 'LAN' },
    ];
    // HV01 (the first node) holds the share at the start; HV01 and HV02 are cut off (each alone).
    const { sim, report } = runChecked(fourNodes({ timeline: [...cut('HV01'), ...cut('HV02')] }));
    const q = report.quorum.at(-1)!;
    assert.deepEqual([q.hasQuorum, q.nodes, q.votes], [true, ['HV03', 'HV04'], 3]);
    assert.match(eventsOf(sim, 'node.state').find((e) => e.subject === 'HV01' && e.state === 'down')!.reason, /its partition \(HV01\) has 1 of 5 votes, not more than half/);
    assert.deepEqual(report.failovers.map((f) => [f.vm, ['HV03', 'HV04'].includes(f.to ?? '')]), [['A1', true]]);
  });

  it('two nodes: one crashes, the other keeps running with the file share (2 of 3); with Node Majority the cluster would stop', () => {
    const two = {
      nodes: [{ name: 'HV01', memory: '32GiB' }, { name: 'HV02', memory: '32GiB' }],
      vms: [{ name: 'A1', owner: 'HV01', memory: '4GiB', disk: 'CSV1' }],
      timeline: [{ at: '30s', do: 'crashNode', node: 'HV01' }],
    };
    const fsw = runChecked(fourNodes(two)).report;
    assert.deepEqual([fsw.quorum.at(-1)?.hasQuorum, fsw.quorum.at(-1)?.votes, fsw.quorum.at(-1)?.totalVotes], [true, 2, 3]);
    assert.deepEqual([fsw.vms[0].node, fsw.vms[0].state], ['HV02', 'running']);
    const nm = runChecked(fourNodes({ ...two, settings: {} })).report;
    assert.deepEqual([nm.quorum.at(-1)?.hasQuorum, nm.vms[0].state], [false, 'failed']);
  });

  it('the file share unreachable (the LAN down) with every node up: the cluster runs on its node votes (4 of 5)', () => {
    const { report } = runChecked(fourNodes({ timeline: [{ at: '30s', do: 'failNetwork', network: 'LAN' }], duration: '2m' }));
    // The partition keeps quorum; only the witness's vote goes (a new entry says so).
    assert.deepEqual(report.quorum.map((q) => [q.at, q.hasQuorum, q.votes, q.totalVotes, q.witness?.heldBy]), [
      [0, true, undefined, undefined, undefined],
      [30, true, 4, 5, []],
    ]);
    assert.ok(report.vms.every((v) => v.state === 'running'));
  });
});

describe('No Majority: Disk Only in a run', () => {
  const diskOnly = (overrides: Record<string, unknown> = {}) =>
    fourNodes({ settings: { quorum: { model: 'diskOnly', witness: 'Quorum' } }, ...overrides });

  it('three of four nodes crash: the last one, reaching the disk, runs every VM', () => {
    const { sim, report } = runChecked(
      diskOnly({
        timeline: ['HV01', 'HV02', 'HV03'].map((node, k) => ({ at: `${30 + 30 * k}s`, do: 'crashNode', node })),
      }),
    );
    assert.ok(report.quorum.every((q) => q.hasQuorum), 'never lost');
    assert.deepEqual(nodeStates(sim), ['HV01:down', 'HV02:down', 'HV03:down', 'HV04:up']);
    assert.deepEqual(report.vms.map((v) => [v.vm, v.node, v.state]), [['A1', 'HV04', 'running'], ['B3', 'HV04', 'running']]);
    const last = report.quorum.at(-1)!;
    assert.deepEqual([last.nodes, last.votes, last.totalVotes], [['HV04'], 1, 1]);
    assert.match(last.reason!, /HV04 holds the witness disk Quorum, the only vote \(No Majority: Disk Only\); HV01, HV02, HV03 are out/);
  });

  it('the disk is a single point of failure: every node up, the storage network down, the whole cluster stops', () => {
    const { sim, report } = runChecked(diskOnly({ timeline: [{ at: '30s', do: 'failNetwork', network: 'iSCSI' }] }));
    const q = report.quorum.at(-1)!;
    assert.deepEqual([q.at, q.hasQuorum, q.votes, q.totalVotes], [30, false, 0, 1]);
    assert.match(q.reason!, /no live node reaches the witness disk Quorum, the only vote \(No Majority: Disk Only\): every VM stops/);
    assert.deepEqual(nodeStates(sim), ['HV01:down', 'HV02:down', 'HV03:down', 'HV04:down']);
    assert.ok(report.vms.every((v) => v.state === 'failed'));
  });

  it('a split: the partition holding the disk runs, however small; the others stop', () => {
    // HV01 owns the witness disk (the first node); it alone keeps the cluster, the three others stop.
    const cut = [
      { at: '30s', do: 'disconnect', node: 'HV01', network: 'Cluster' },
      { at: '30s', do: 'disconnect', node: 'HV01', network: 'LAN' },
    ];
    const { sim, report } = runChecked(diskOnly({ timeline: cut }));
    assert.deepEqual(report.quorum.at(-1)?.nodes, ['HV01']);
    assert.deepEqual(nodeStates(sim), ['HV01:up', 'HV02:down', 'HV03:down', 'HV04:down']);
    assert.deepEqual(report.vms.map((v) => [v.vm, v.node, v.state]), [['A1', 'HV01', 'running'], ['B3', 'HV01', 'running']]);
  });
});
