import { strict as assert } from 'node:assert';
import type { Diagnostic } from '../../../src/engine/scenario/diagnostics';
import { checkSemantics } from '../../../src/engine/scenario/semantic';
import { clusterWarnings } from '../../../src/engine/scenario/warnings';
import { build, DEFAULT_NETWORKS, GiB, mbps, type NetworkInput, type ScenarioInput } from './scenarioBuilder';

/** Warnings with `code` for a scenario that must itself be free of semantic errors. */
function warnings(input: ScenarioInput, code: string): Diagnostic[] {
  const s = build(input);
  assert.deepEqual(checkSemantics(s), [], 'the test scenario itself is valid');
  const ws = clusterWarnings(s);
  assert.ok(ws.every((w) => w.severity === 'warning' && w.hint), 'every warning has severity warning and a hint');
  return ws.filter((w) => w.code === code);
}

function fires(input: ScenarioInput, code: string): Diagnostic {
  const ws = warnings(input, code);
  assert.equal(ws.length, 1, `expected one ${code}, got ${JSON.stringify(ws, null, 1)}`);
  return ws[0]!;
}

function quiet(input: ScenarioInput, code: string): void {
  assert.deepEqual(warnings(input, code), [], `expected no ${code}`);
}

/** The article's networks: NetFT on Cluster Internal (1000), LAN 10000 (a gateway), iSCSI 100000 (role none). */
const ARTICLE_NETWORKS: readonly NetworkInput[] = [
  { name: 'Cluster Internal', role: 'cluster' },
  { name: 'LAN', role: 'clusterAndClient' },
  { name: 'iSCSI', role: 'none' },
];

describe('cluster validation warnings', () => {
  it('the default test cluster has none', () => {
    assert.deepEqual(clusterWarnings(build()), []);
  });

  it('single-cluster-network: only one network for heartbeats', () => {
    const w = fires({ networks: [{ name: 'Cluster', role: 'cluster' }, { name: 'iSCSI', role: 'none' }] }, 'single-cluster-network');
    assert.deepEqual(w.path, ['networks', 0, 'role']);
    assert.match(w.message, /"Cluster" is the only network/);
    quiet({}, 'single-cluster-network');
  });

  it('single-cluster-network: two cluster networks, but one node is attached to only one of them', () => {
    const w = fires(
      {
        networks: [
          { name: 'Cluster', role: 'cluster' },
          { name: 'Live Migration', role: 'cluster', nodes: ['HV01', 'HV02'] },
          { name: 'iSCSI', role: 'none' },
        ],
        settings: { liveMigration: { networks: ['Live Migration', 'Cluster'] } },
      },
      'single-cluster-network',
    );
    assert.deepEqual(w.path, ['networks', 0, 'nodes']);
    assert.match(w.message, /between HV01 and HV03 and 1 other pair of nodes/);
  });

  it('no-cluster-network: no network the cluster may use', () => {
    const w = fires({ networks: [{ name: 'iSCSI', role: 'none' }] }, 'no-cluster-network');
    assert.deepEqual(w.path, ['networks']);
    quiet({}, 'no-cluster-network');
  });

  it('live-migration-over-storage: the iSCSI network left enabled for cluster use comes first by its metric (the article)', () => {
    // The article's trap: an iSCSI network nobody set to "Do not allow cluster network communication"
    // is a private cluster network like any other: Cluster Internal 1000, iSCSI 1100, LAN 10000,
    // so the default order (second-lowest first) starts with iSCSI.
    const networks: NetworkInput[] = [
      { name: 'Cluster Internal', role: 'cluster' },
      { name: 'LAN', role: 'clusterAndClient' },
      { name: 'iSCSI', role: 'cluster' },
    ];
    const w = fires({ networks }, 'live-migration-over-storage');
    assert.deepEqual(w.path, ['networks', 2]);
    assert.match(w.message, /uses "iSCSI" first between every pair of nodes/);
    assert.match(w.message, /storage traffic of "Cluster Disk 1" and is enabled for cluster use/);
    assert.match(w.message, /such as the iSCSI network!/);
    assert.match(w.hint!, /"role": "none" for "iSCSI"/);
    // an explicit order that avoids it, or the default on a cluster with a live-migration network
    quiet({ networks, settings: { liveMigration: { networks: ['LAN', 'Cluster Internal'] } } }, 'live-migration-over-storage');
    quiet({}, 'live-migration-over-storage');
  });

  it('live-migration-over-storage: an explicit list that starts with a cluster network carrying storage', () => {
    const networks: NetworkInput[] = DEFAULT_NETWORKS.map((n) => (n.name === 'iSCSI' ? { ...n, role: 'cluster' } : n));
    const w = fires({ networks, settings: { liveMigration: { networks: ['iSCSI', 'Live Migration'] } } }, 'live-migration-over-storage');
    assert.deepEqual(w.path, ['settings', 'liveMigration', 'networks', 0]);
    assert.match(w.message, /the cluster's live migration order uses "iSCSI" first/);
  });

  it('no warning about a choice the default order made: iSCSI (role none) is never in it, whatever its place or metric', () => {
    // The article's networks: before, iSCSI got 1100 and the default order put it first, then
    // live-migration-over-storage warned about it; and an iSCSI network listed first got 1000, was
    // moved to the end, and netft-and-live-migration-same-network warned about Cluster.
    for (const networks of [
      ARTICLE_NETWORKS,
      [{ name: 'iSCSI', role: 'none' as const }, { name: 'Cluster', role: 'cluster' as const }, { name: 'LAN', role: 'clusterAndClient' as const }],
      [{ name: 'Cluster', role: 'cluster' as const }, { name: 'iSCSI', role: 'none' as const }, { name: 'Backup', role: 'none' as const }, { name: 'LAN', role: 'clusterAndClient' as const }],
      [{ name: 'Cluster', role: 'cluster' as const }, { name: 'iSCSI', role: 'none' as const, metric: 1050 }, { name: 'LAN', role: 'clusterAndClient' as const }],
    ]) {
      for (const code of ['live-migration-over-storage', 'netft-and-live-migration-same-network', 'live-migration-network-not-for-cluster', 'no-live-migration-network']) {
        quiet({ networks }, code);
      }
    }
  });

  it('no netft-and-live-migration-same-network for the default order on a single cluster network (single-cluster-network says it)', () => {
    const networks: NetworkInput[] = [
      { name: 'Cluster', role: 'cluster' },
      { name: 'iSCSI', role: 'none' },
    ];
    quiet({ networks }, 'netft-and-live-migration-same-network');
    fires({ networks }, 'single-cluster-network');
  });

  it('live-migration-network-not-for-cluster: a list that names a role none network, first or as a fallback', () => {
    const first = fires(
      {
        settings: { liveMigration: { networks: ['Live Migration'] } },
        vms: [{ name: 'SQL01', owner: 'HV01', liveMigrationNetworks: ['iSCSI', 'Live Migration'] }],
      },
      'live-migration-network-not-for-cluster',
    );
    assert.deepEqual(first.path, ['vms', 0, 'liveMigrationNetworks', 0]);
    assert.match(first.message, /VM "SQL01"'s live migration order lists "iSCSI", a network not enabled for cluster use \(role "none"/);
    assert.match(first.message, /live migration uses it first between every pair of nodes/);
    assert.match(first.message, /storage traffic of "Cluster Disk 1", so a migration there competes with the VMs' disk I\/O/);
    assert.match(first.hint!, /the list without "iSCSI", e\.g\. \[/);
    // told once: not also as live-migration-over-storage at the same place
    quiet({ vms: [{ name: 'SQL01', owner: 'HV01', liveMigrationNetworks: ['iSCSI', 'Live Migration'] }] }, 'live-migration-over-storage');

    const fallback = fires({ settings: { liveMigration: { networks: ['Live Migration', 'iSCSI'] } } }, 'live-migration-network-not-for-cluster');
    assert.deepEqual(fallback.path, ['settings', 'liveMigration', 'networks', 1]);
    assert.match(fallback.message, /falls back to it between every pair of nodes when the networks listed before it are down/);

    const noDisk = fires(
      {
        networks: [...DEFAULT_NETWORKS, { name: 'Backup', role: 'none' }],
        settings: { liveMigration: { networks: ['Live Migration', 'Backup'] } },
      },
      'live-migration-network-not-for-cluster',
    );
    assert.match(noDisk.message, /"Backup", a network not enabled for cluster use .* whatever else it carries/);
    quiet({ settings: { liveMigration: { networks: ['Live Migration', 'LAN'] } } }, 'live-migration-network-not-for-cluster');
  });

  it('netft-and-live-migration-same-network: live migration first on the NetFT network', () => {
    const w = fires({ settings: { liveMigration: { networks: ['Cluster', 'Live Migration'] } } }, 'netft-and-live-migration-same-network');
    assert.deepEqual(w.path, ['settings', 'liveMigration', 'networks', 0]);
    assert.match(w.message, /uses "Cluster" first between every pair of nodes, the network NetFT uses/);
    assert.match(w.hint!, /e\.g\. \["Live Migration", "LAN", "Cluster"\]/);
    // the article's own choice ("only over the Cluster Internal network") is flagged too
    fires({ networks: ARTICLE_NETWORKS, settings: { liveMigration: { networks: ['Cluster Internal'] } } }, 'netft-and-live-migration-same-network');
    quiet({}, 'netft-and-live-migration-same-network');
    quiet({ settings: { liveMigration: { networks: ['Live Migration', 'Cluster'] } } }, 'netft-and-live-migration-same-network');
  });

  it('no-live-migration-network: an explicit list with nothing both nodes share', () => {
    const w = fires({ vms: [{ name: 'VM01', owner: 'HV01', liveMigrationNetworks: [] }] }, 'no-live-migration-network');
    assert.deepEqual(w.path, ['vms', 0, 'liveMigrationNetworks']);
    assert.match(w.message, /VM "VM01"'s live migration has no network between every pair of nodes/);
    quiet({}, 'no-live-migration-network');
  });

  it('vms-share-classic-disk: VMs on one classic disk move together', () => {
    const disks = [{ name: 'LUN1', storagePath: 'iSCSI' }];
    const w = fires(
      {
        disks,
        vms: [
          { name: 'SQL01', owner: 'HV01', disk: 'LUN1' },
          { name: 'WEB01', owner: 'HV01', disk: 'LUN1' },
        ],
      },
      'vms-share-classic-disk',
    );
    assert.deepEqual(w.path, ['disks', 0]);
    assert.match(w.message, /"SQL01", "WEB01" share the classic cluster disk "LUN1"/);
    quiet({ disks, vms: [{ name: 'SQL01', owner: 'HV01', disk: 'LUN1' }] }, 'vms-share-classic-disk');
    quiet({}, 'vms-share-classic-disk'); // two VMs on a CSV
  });

  it("insufficient-failover-memory: the other nodes' free memory cannot take a node's VMs", () => {
    const w = fires(
      {
        nodes: [
          { name: 'HV01', memory: 32 * GiB },
          { name: 'HV02', memory: 32 * GiB },
          { name: 'HV03', memory: 32 * GiB },
        ],
        vms: [
          { name: 'A', owner: 'HV01', memory: 24 * GiB },
          { name: 'B', owner: 'HV02', memory: 8 * GiB },
          { name: 'C', owner: 'HV03', memory: 30 * GiB },
        ],
      },
      'insufficient-failover-memory',
    );
    // HV03 fails: 30GiB against 8 + 24 free = 32GiB in all, but no single node has 30GiB.
    assert.deepEqual(w.path, ['nodes', 2]);
    assert.match(w.message, /if HV03 fails, 30 GiB of its running VMs cannot restart/);
    assert.match(w.message, /not in pieces large enough/);
  });

  it('insufficient-failover-memory: plain shortfall, and quiet when there is room', () => {
    const w = fires(
      {
        nodes: [
          { name: 'HV01', memory: 16 * GiB },
          { name: 'HV02', memory: 8 * GiB },
        ],
        vms: [{ name: 'A', owner: 'HV01', memory: 12 * GiB }],
      },
      'insufficient-failover-memory',
    );
    assert.deepEqual(w.path, ['nodes', 0]);
    assert.match(w.message, /if HV01 fails, 12 GiB of its running VMs cannot restart elsewhere \(A 12 GiB\)/);
    assert.match(w.message, /only 8 GiB free/);
    const nodes = [
      { name: 'HV01', memory: 16 * GiB },
      { name: 'HV02', memory: 16 * GiB },
    ];
    quiet(
      {
        nodes,
        vms: [
          { name: 'A', owner: 'HV01', memory: 8 * GiB },
          { name: 'B', owner: 'HV02', memory: 8 * GiB },
        ],
      },
      'insufficient-failover-memory',
    );
    quiet({}, 'insufficient-failover-memory');
  });

  it('even-votes-without-witness: Node Majority with an even number of nodes', () => {
    const nodes = ['HV01', 'HV02', 'HV03', 'HV04'];
    const w = fires({ nodes }, 'even-votes-without-witness');
    assert.deepEqual(w.path, ['settings', 'quorum']);
    assert.match(w.message, /losing 2 of them/);
    assert.match(w.hint!, /nodeAndDiskMajority/);
    quiet({}, 'even-votes-without-witness'); // three nodes
    quiet(
      {
        nodes,
        settings: { quorum: { model: 'nodeAndDiskMajority', witness: 'Witness' } },
        disks: [
          { name: 'Cluster Disk 1', csv: true, storagePath: 'iSCSI' },
          { name: 'Witness', role: 'witness', storagePath: 'iSCSI', size: 1 * GiB },
        ],
      },
      'even-votes-without-witness',
    );
  });

  it('witness-disk-unused: a witness disk the quorum does not use', () => {
    const disks = [
      { name: 'Cluster Disk 1', csv: true, storagePath: 'iSCSI' },
      { name: 'Witness', role: 'witness' as const, storagePath: 'iSCSI', size: 1 * GiB },
    ];
    const w = fires({ disks }, 'witness-disk-unused');
    assert.deepEqual(w.path, ['disks', 1, 'role']);
    quiet({ disks, settings: { quorum: { model: 'nodeAndDiskMajority', witness: 'Witness' } } }, 'witness-disk-unused');
  });

  describe('quorum fit (TechNet 2008 R2: Node Majority for odd, Node and Disk Majority for even, the file share for special configurations, Disk Only never)', () => {
    const witnessDisks = [
      { name: 'Cluster Disk 1', csv: true, storagePath: 'iSCSI' },
      { name: 'Witness', role: 'witness' as const, storagePath: 'iSCSI', size: 1 * GiB },
    ];
    const fourNodes = ['HV01', 'HV02', 'HV03', 'HV04'];
    const fsw = { model: 'nodeAndFileShareMajority' as const, fileShareWitness: { network: 'LAN' } };

    it('odd-nodes-with-witness: a witness with an odd number of nodes buys no failure, and costs one while it is down', () => {
      const w = fires({ disks: witnessDisks, settings: { quorum: { model: 'nodeAndDiskMajority', witness: 'Witness' } } }, 'odd-nodes-with-witness');
      assert.deepEqual(w.path, ['settings', 'quorum', 'model']);
      // Three nodes and the witness: 4 votes, 3 needed: 1 failure, as Node Majority's 3 votes (2 needed); 0 with the witness down.
      assert.match(w.message, /Node and Disk Majority with 3 nodes: with the witness, 4 votes, and more than half is 3, so the cluster survives 1 node failure, as many as Node Majority does \(1 node failure\), and 0 node failures while the witness is down/);
      assert.equal(w.hint, '"quorum": "nodeMajority"');
      assert.match(fires({ settings: { quorum: fsw } }, 'odd-nodes-with-witness').message, /^Node and File Share Majority with 3 nodes/);
      quiet({ nodes: fourNodes, disks: witnessDisks, settings: { quorum: { model: 'nodeAndDiskMajority', witness: 'Witness' } } }, 'odd-nodes-with-witness');
      quiet({}, 'odd-nodes-with-witness');
    });

    it('disk-only-quorum: always, with the model that fits the number of nodes as the hint', () => {
      const w = fires({ disks: witnessDisks, settings: { quorum: { model: 'diskOnly', witness: 'Witness' } } }, 'disk-only-quorum');
      assert.deepEqual(w.path, ['settings', 'quorum', 'model']);
      assert.match(w.message, /the witness disk "Witness" is the only vote.*a single point of failure, not recommended/);
      assert.match(w.hint!, /"quorum": "nodeMajority" \(3 nodes: an odd number\)/);
      const even = fires({ nodes: fourNodes, disks: witnessDisks, settings: { quorum: { model: 'diskOnly', witness: 'Witness' } } }, 'disk-only-quorum');
      assert.match(even.hint!, /"model": "nodeAndDiskMajority", "witness": "Witness"/);
      quiet({ disks: witnessDisks, settings: { quorum: { model: 'nodeAndDiskMajority', witness: 'Witness' } } }, 'disk-only-quorum');
    });

    it('file-share-witness-with-shared-storage: every node reaches shared storage, so a disk witness fits', () => {
      const w = fires({ nodes: fourNodes, settings: { quorum: fsw } }, 'file-share-witness-with-shared-storage');
      assert.deepEqual(w.path, ['settings', 'quorum', 'model']);
      assert.match(w.message, /every node reaches shared storage \("Cluster Disk 1"\): a disk witness fits this cluster/);
      assert.match(w.hint!, /nodeAndDiskMajority/);
      // A multi-site cluster: each site's storage reached by its own nodes only.
      const sites: NetworkInput[] = [
        { name: 'Cluster', role: 'cluster' },
        { name: 'LAN', role: 'clusterAndClient' },
        { name: 'SAN A', role: 'none', nodes: ['HV01', 'HV02'] },
        { name: 'SAN B', role: 'none', nodes: ['HV03', 'HV04'] },
      ];
      quiet(
        {
          nodes: fourNodes,
          networks: sites,
          settings: { quorum: fsw, liveMigration: { networks: ['LAN'] } },
          disks: [
            { name: 'Site A', storagePath: 'SAN A' },
            { name: 'Site B', storagePath: 'SAN B' },
          ],
          vms: [
            { name: 'VM01', owner: 'HV01', memory: 8 * GiB, disk: 'Site A' },
            { name: 'VM02', owner: 'HV03', memory: 4 * GiB, disk: 'Site B' },
          ],
        },
        'file-share-witness-with-shared-storage',
      );
    });

    it('file-share-witness-unreachable: a node not attached to the network of the file server', () => {
      const networks: NetworkInput[] = DEFAULT_NETWORKS.map((n) => (n.name === 'LAN' ? { ...n, nodes: ['HV01', 'HV02', 'HV03'] } : n));
      const w = fires({ nodes: fourNodes, networks, settings: { quorum: fsw } }, 'file-share-witness-unreachable');
      assert.deepEqual(w.path, ['settings', 'quorum', 'fileShareWitness', 'network']);
      assert.match(w.message, /"HV04" is not attached to "LAN", over which the file share witness is reached/);
      quiet({ nodes: fourNodes, settings: { quorum: fsw } }, 'file-share-witness-unreachable');
    });

    it('witness-on-only-cluster-network: the witness reached over the one network that carries the heartbeats', () => {
      const lanOnly: NetworkInput[] = [{ name: 'LAN', role: 'clusterAndClient' }, { name: 'iSCSI', role: 'none' }];
      const w = fires({ nodes: fourNodes, networks: lanOnly, settings: { quorum: fsw, liveMigration: { networks: ['LAN'] } } }, 'witness-on-only-cluster-network');
      assert.deepEqual(w.path, ['settings', 'quorum', 'fileShareWitness', 'network']);
      assert.match(w.message, /the file share witness is reached over "LAN", which is also the only network carrying heartbeats/);
      // A disk witness whose storage path is that network too.
      const disk = fires(
        {
          nodes: fourNodes,
          networks: lanOnly,
          settings: { quorum: { model: 'nodeAndDiskMajority', witness: 'Witness' }, liveMigration: { networks: ['LAN'] } },
          disks: [
            { name: 'Cluster Disk 1', csv: true, storagePath: 'LAN' },
            { name: 'Witness', role: 'witness', storagePath: 'LAN', size: 1 * GiB },
          ],
        },
        'witness-on-only-cluster-network',
      );
      assert.deepEqual(disk.path, ['disks', 1, 'path']);
      // With a dedicated cluster network besides the LAN: quiet.
      quiet({ nodes: fourNodes, settings: { quorum: fsw } }, 'witness-on-only-cluster-network');
      quiet({ nodes: fourNodes, disks: witnessDisks, settings: { quorum: { model: 'nodeAndDiskMajority', witness: 'Witness' } } }, 'witness-on-only-cluster-network');
    });

    it('witness-disk-unused: names the model that uses no witness disk', () => {
      const w = fires({ nodes: fourNodes, disks: witnessDisks, settings: { quorum: fsw } }, 'witness-disk-unused');
      assert.match(w.message, /the quorum model is Node and File Share Majority and uses no witness disk/);
      quiet({ disks: witnessDisks, settings: { quorum: { model: 'diskOnly', witness: 'Witness' } } }, 'witness-disk-unused');
    });
  });

  it("preferred-owner-not-on-storage-path: a preferred owner without the disk's storage network", () => {
    const networks: NetworkInput[] = DEFAULT_NETWORKS.map((n) => (n.name === 'iSCSI' ? { ...n, nodes: ['HV01', 'HV02'] } : n));
    const w = fires(
      { networks, vms: [{ name: 'VM01', owner: 'HV01', preferredOwners: ['HV01', 'HV03'] }] },
      'preferred-owner-not-on-storage-path',
    );
    assert.deepEqual(w.path, ['vms', 0, 'preferredOwners', 1]);
    assert.match(w.message, /HV03, a preferred owner of VM "VM01", is not attached to "iSCSI"/);
    assert.match(w.message, /redirected access/);
    quiet({ networks, vms: [{ name: 'VM01', owner: 'HV01', preferredOwners: ['HV01', 'HV02'] }] }, 'preferred-owner-not-on-storage-path');
  });

  it('no-dedicated-cluster-network and slow-cluster-network: the article asks for a dedicated gigabit network', () => {
    const shared = fires(
      {
        networks: [
          { name: 'LAN', role: 'clusterAndClient' },
          { name: 'LAN2', role: 'clusterAndClient' },
          { name: 'iSCSI', role: 'none' },
        ],
        settings: { liveMigration: { networks: ['LAN2'] } },
      },
      'no-dedicated-cluster-network',
    );
    assert.deepEqual(shared.path, ['networks', 0, 'role']);
    quiet({}, 'no-dedicated-cluster-network');

    const slow = fires(
      { networks: DEFAULT_NETWORKS.map((n) => (n.name === 'Cluster' ? { ...n, bandwidth: mbps(100) } : n)) },
      'slow-cluster-network',
    );
    assert.deepEqual(slow.path, ['networks', 0, 'bandwidth']);
    assert.match(slow.message, /runs at 100 Mbps:/);
    quiet({}, 'slow-cluster-network');
  });
});
