import { strict as assert } from 'node:assert';
import { run, type ScenarioJson } from '../helpers/runScenario';

/**
 * The figures Microsoft documents for the quorum models of 2008 R2 ("Understanding Quorum
 * Configurations in a Failover Cluster", TechNet; the HP 2008 R2 guide for the two-node file
 * share witness), checked on whole runs: nodes crash one after the other (30 s apart, each
 * declared down 5 heartbeats later) and the report's quorum entries say whether the cluster
 * still runs. Exact: a count of failures, no tolerance.
 */
function clusterOf(n: number, quorum: unknown, extra: ScenarioJson = {}): ScenarioJson {
  const nodes = Array.from({ length: n }, (_, i) => ({ name: `HV${String(i + 1).padStart(2, '0')}`, memory: '32GiB' }));
  return {
    name: `${n} nodes`,
    nodes,
    networks: [
      { name: 'Cluster', role: 'cluster', bandwidth: '1Gbps' },
      { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps' },
      { name: 'iSCSI', role: 'none', bandwidth: '1Gbps' },
    ],
    disks: [
      { name: 'CSV1', size: '2TiB', csv: true, path: 'fabric' },
      { name: 'Quorum', size: '1GiB', role: 'witness', path: 'iSCSI' },
    ],
    settings: { quorum },
    vms: [{ name: 'VM1', owner: nodes[n - 1].name, memory: '2GiB', disk: 'CSV1' }],
    ...extra,
  };
}

/** Crashes the first `f` nodes, 30 s apart, after `before`; true when the cluster still has quorum at the end. */
function runsAfter(n: number, f: number, quorum: unknown, before: ScenarioJson[] = []): boolean {
  const crashes = Array.from({ length: f }, (_, k) => ({ at: `${60 + 30 * k}s`, do: 'crashNode', node: `HV${String(k + 1).padStart(2, '0')}` }));
  const { report } = run(clusterOf(n, quorum, { timeline: [...before, ...crashes] }));
  return report.quorum.at(-1)!.hasQuorum;
}

describe('validation: quorum models against the documented failure counts', () => {
  it('Node Majority: "a seven node cluster can sustain three node failures" (and not four)', () => {
    assert.equal(runsAfter(7, 3, 'nodeMajority'), true);
    assert.equal(runsAfter(7, 4, 'nodeMajority'), false);
  });

  it('Node and Disk Majority: "a six node cluster in which the disk witness is online could sustain three node failures"', () => {
    const q = { model: 'nodeAndDiskMajority', witness: 'Quorum' };
    assert.equal(runsAfter(6, 3, q), true);
    assert.equal(runsAfter(6, 4, q), false);
  });

  it('Node and Disk Majority: "a six node cluster with a failed disk witness could sustain two (3-1=2) node failures"', () => {
    const q = { model: 'nodeAndDiskMajority', witness: 'Quorum' };
    // The witness fails first: its storage network goes down (no node reaches the disk).
    const witnessFails = [{ at: '10s', do: 'failNetwork', network: 'iSCSI' }];
    assert.equal(runsAfter(6, 2, q, witnessFails), true);
    assert.equal(runsAfter(6, 3, q, witnessFails), false);
  });

  it('Node and File Share Majority: the file share witness "acts as the third available device in a two-node ... cluster", which "can sustain the failure of a single cluster node"', () => {
    const q = { model: 'nodeAndFileShareMajority', fileShareWitness: { network: 'LAN' } };
    assert.equal(runsAfter(2, 1, q), true);
    // The same two nodes without a witness cannot.
    assert.equal(runsAfter(2, 1, 'nodeMajority'), false);
  });

  it('No Majority: Disk Only "can sustain failures of all nodes except one (if the disk is online)"', () => {
    const q = { model: 'diskOnly', witness: 'Quorum' };
    assert.equal(runsAfter(4, 3, q), true);
    // "Not recommended as it creates a single point of failure": the disk lost, all nodes up, nothing runs.
    assert.equal(runsAfter(4, 0, q, [{ at: '10s', do: 'failNetwork', network: 'iSCSI' }]), false);
  });
});
