import { strict as assert } from 'node:assert';
import { coordinatorTargets, eligibleTargets, targetPickItems } from '../../../src/extension/commands/logic/eligibleTargets';
import type { MigrationKind, TargetVerdict } from '../../../src/engine/migration/migrationManager';
import type { Simulation } from '../../../src/engine/simulation/simulation';
import { clusterAfter, smallCluster } from './helpers';

/** The engine's preflight of `sim`, as the "Migrate to..." command asks it. */
function preflightOf(sim: Simulation, kind: MigrationKind): (vm: string) => readonly TargetVerdict[] {
  return (vm) => sim.migrations.preflight(vm, kind);
}

describe('commands: eligible target nodes for a migration', () => {
  it("lists every node in node order, with free memory and network, or the engine's reason", () => {
    const { sim, snapshot } = clusterAfter(smallCluster());
    assert.deepEqual(eligibleTargets(snapshot, ['SQL01'], preflightOf(sim, 'live')), [
      { node: 'HV01', eligible: false, detail: 'SQL01 already runs on HV01' },
      { node: 'HV02', eligible: true, detail: '14 GiB free of 16 GiB, over Live Migration' },
      { node: 'HV03', eligible: false, detail: 'Target node HV03 has 6 GiB free, SQL01 needs 8 GiB' },
    ]);
  });

  it('counts a paused node and a down node out', () => {
    const { sim, snapshot } = clusterAfter(smallCluster(), [
      { do: 'drainNode', node: 'HV02' },
      { do: 'crashNode', node: 'HV03' },
    ]);
    const targets = eligibleTargets(snapshot, ['WEB01'], preflightOf(sim, 'quick'));
    assert.deepEqual(
      targets.map((t) => [t.node, t.eligible, t.detail]),
      [
        ['HV01', false, 'WEB01 already runs on HV01'],
        ['HV02', false, 'Target node HV02 is paused'],
        ['HV03', false, 'Target node HV03 is down'],
      ],
    );
  });

  it('judges only the VMs not already on a node', () => {
    const { sim, snapshot } = clusterAfter(smallCluster());
    const targets = eligibleTargets(snapshot, ['SQL01', 'WEB01', 'FS01'], preflightOf(sim, 'quick'));
    assert.deepEqual(targets, [
      { node: 'HV01', eligible: true, detail: '4 GiB free of 16 GiB (SQL01 and WEB01 already here)' },
      { node: 'HV02', eligible: true, detail: '14 GiB free of 16 GiB (FS01 already here)' },
      { node: 'HV03', eligible: false, detail: 'Target node HV03 has 6 GiB free, SQL01 needs 8 GiB' },
    ]);
    assert.deepEqual(eligibleTargets(snapshot, ['SQL01', 'WEB01'], preflightOf(sim, 'live'))[0], { node: 'HV01', eligible: false, detail: 'All of them are already on this node' });
  });

  it('sees memory reserved by a live migration in progress, and a VM already moving', () => {
    const { sim, snapshot } = clusterAfter(smallCluster(), [{ do: 'liveMigrate', vm: 'SQL01', to: 'HV02' }], 1);
    assert.ok(snapshot.vms.find((v) => v.name === 'SQL01')?.migration, 'SQL01 is migrating');
    const hv02 = eligibleTargets(snapshot, ['WEB01'], preflightOf(sim, 'live')).find((t) => t.node === 'HV02');
    assert.deepEqual(hv02, { node: 'HV02', eligible: true, detail: '6 GiB free of 16 GiB, over Live Migration, waits: HV01 is already in 1 live migration(s)' });
    const big = eligibleTargets(snapshot, ['BIG01'], preflightOf(sim, 'live')).find((t) => t.node === 'HV02');
    assert.deepEqual(big, { node: 'HV02', eligible: false, detail: 'Target node HV02 has 6 GiB free, BIG01 needs 10 GiB' });
    const moving = eligibleTargets(snapshot, ['SQL01'], preflightOf(sim, 'live'));
    assert.deepEqual(moving.map((t) => t.detail), ['SQL01 is already being migrated', 'SQL01 is already being migrated', 'SQL01 is already being migrated']);
  });

  it('shows why an accepted live migration would wait for a slot', () => {
    const json = smallCluster({ settings: { liveMigration: { maxConcurrentPerNode: 1 } } });
    const { sim, snapshot } = clusterAfter(json, [{ do: 'liveMigrate', vm: 'SQL01', to: 'HV02' }]);
    const hv01 = eligibleTargets(snapshot, ['FS01'], preflightOf(sim, 'live')).find((t) => t.node === 'HV01');
    assert.equal(hv01?.eligible, true);
    assert.match(hv01?.detail ?? '', /waits: HV02 is already in 1 live migration\(s\)$/);
  });

  it('formats verdicts it is handed, whatever they say', () => {
    const { snapshot } = clusterAfter(smallCluster());
    const verdicts: TargetVerdict[] = [
      { node: 'HV01', eligible: false, reason: 'because of something', network: null, waits: null },
      { node: 'HV02', eligible: true, reason: null, network: 'LM', waits: 'HV02 is busy' },
      { node: 'HV03', eligible: true, reason: null, network: null, waits: null },
    ];
    assert.deepEqual(eligibleTargets(snapshot, ['FS01'], () => verdicts), [
      { node: 'HV01', eligible: false, detail: 'Because of something' },
      { node: 'HV02', eligible: true, detail: '14 GiB free of 16 GiB, over LM, waits: HV02 is busy (FS01 already here)' },
      { node: 'HV03', eligible: true, detail: '6 GiB free of 16 GiB' },
    ]);
  });

  it('offers the eligible nodes first, then the others under a separator, with their reasons', () => {
    const { sim, snapshot } = clusterAfter(smallCluster(), [{ do: 'crashNode', node: 'HV03' }]);
    const items = targetPickItems(eligibleTargets(snapshot, ['FS01'], preflightOf(sim, 'live')));
    assert.deepEqual(
      items.map((i) => [i.label, i.description, i.separator ?? false, i.icon, i.value?.node]),
      [
        ['HV01', '4 GiB free of 16 GiB, over Live Migration', false, 'server', 'HV01'],
        ['Not available', undefined, true, undefined, undefined],
        ['HV02', 'FS01 already runs on HV02', false, 'circle-slash', 'HV02'],
        ['HV03', 'Target node HV03 is down', false, 'circle-slash', 'HV03'],
      ],
    );
  });

  it("shows a node that is not one of the VM's possible owners as not available, with the engine's reason", () => {
    const json = smallCluster({ vms: [{ name: 'A', owner: 'HV01', memory: '1GiB', disk: 'CSV1', possibleOwners: ['HV01', 'HV03'] }] });
    const { sim, snapshot } = clusterAfter(json);
    for (const kind of ['live', 'quick'] as const) {
      const items = targetPickItems(eligibleTargets(snapshot, ['A'], preflightOf(sim, kind)));
      assert.deepEqual(
        items.map((i) => [i.label, i.description, i.icon]),
        [
          ['HV03', kind === 'live' ? '16 GiB free of 16 GiB, over Live Migration' : '16 GiB free of 16 GiB', 'server'],
          ['Not available', undefined, undefined],
          ['HV01', 'A already runs on HV01', 'circle-slash'],
          ['HV02', 'HV02 is not a possible owner of A (its possible owners: HV01, HV03)', 'circle-slash'],
        ],
        kind,
      );
    }
  });

  it('puts the node the VM runs on under the separator', () => {
    const { sim, snapshot } = clusterAfter(smallCluster({ vms: [{ name: 'A', owner: 'HV01', memory: '1GiB', disk: 'CSV1' }] }));
    const items = targetPickItems(eligibleTargets(snapshot, ['A'], preflightOf(sim, 'live')));
    assert.deepEqual(items.map((i) => i.label), ['HV02', 'HV03', 'Not available', 'HV01']);
  });
});

describe('commands: eligible coordinators of a volume', () => {
  it('rules out the coordinator itself, a node that is down, and one not on the storage path', () => {
    const json = smallCluster({
      nodes: [
        { name: 'HV01', memory: '16GiB' },
        { name: 'HV02', memory: '16GiB' },
        { name: 'HV03', memory: '16GiB' },
        { name: 'HV04', memory: '16GiB' },
      ],
      networks: [
        { name: 'Cluster', role: 'cluster', bandwidth: '1Gbps' },
        { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps' },
        { name: 'iSCSI', role: 'none', bandwidth: '1Gbps', nodes: ['HV01', 'HV02', 'HV03'] },
      ],
      settings: {},
      disks: [{ name: 'CSV1', size: '2TiB', throughput: '256MiB/s', csv: true, path: 'iSCSI', coordinator: 'HV01' }],
      vms: [],
    });
    const { sim, snapshot } = clusterAfter(json, [{ do: 'crashNode', node: 'HV03' }]);
    const targets = coordinatorTargets(snapshot, sim.scenario, 'CSV1');
    assert.deepEqual(
      targets.map((t) => [t.node, t.eligible, t.detail]),
      [
        ['HV01', false, 'Already the coordinator'],
        ['HV02', true, 'direct access'],
        ['HV03', false, 'Down'],
        ['HV04', false, "Not attached to iSCSI, the volume's storage path"],
      ],
    );
  });
});
