import { strict as assert } from 'node:assert';
import { coordinatorTargets, eligibleTargets, targetPickItems } from '../../../src/extension/commands/logic/eligibleTargets';
import { clusterAfter, smallCluster } from './helpers';

describe('commands: eligible target nodes for a migration', () => {
  it('lists every node in node order, with free memory or the reason it cannot take the VM', () => {
    const { snapshot } = clusterAfter(smallCluster());
    assert.deepEqual(eligibleTargets(snapshot, ['SQL01'], 'live'), [
      { node: 'HV01', eligible: false, detail: 'Already on this node' },
      { node: 'HV02', eligible: true, detail: '14 GiB free of 16 GiB' },
      { node: 'HV03', eligible: false, detail: 'Only 6 GiB free, SQL01 needs 8 GiB' },
    ]);
  });

  it('counts a paused node and a down node out', () => {
    const { snapshot } = clusterAfter(smallCluster(), [
      { do: 'drainNode', node: 'HV02' },
      { do: 'crashNode', node: 'HV03' },
    ]);
    const targets = eligibleTargets(snapshot, ['WEB01'], 'quick');
    assert.deepEqual(
      targets.map((t) => [t.node, t.eligible, t.detail]),
      [
        ['HV01', false, 'Already on this node'],
        ['HV02', false, 'Paused'],
        ['HV03', false, 'Down'],
      ],
    );
  });

  it('adds up the memory of several VMs moved together, leaving out those already on the node', () => {
    const { snapshot } = clusterAfter(smallCluster());
    const targets = eligibleTargets(snapshot, ['SQL01', 'WEB01', 'FS01'], 'live');
    assert.deepEqual(targets, [
      { node: 'HV01', eligible: true, detail: '4 GiB free of 16 GiB (SQL01 and WEB01 already here)' },
      { node: 'HV02', eligible: true, detail: '14 GiB free of 16 GiB (FS01 already here)' },
      { node: 'HV03', eligible: false, detail: 'Only 6 GiB free, SQL01, WEB01 and FS01 need 14 GiB' },
    ]);
    assert.deepEqual(eligibleTargets(snapshot, ['SQL01', 'WEB01'], 'live')[0], { node: 'HV01', eligible: false, detail: 'All of them are already on this node' });
  });

  it('sees memory reserved by a live migration in progress', () => {
    const { snapshot } = clusterAfter(smallCluster(), [{ do: 'liveMigrate', vm: 'SQL01', to: 'HV02' }], 1);
    assert.ok(snapshot.vms.find((v) => v.name === 'SQL01')?.migration, 'SQL01 is migrating');
    const hv02 = eligibleTargets(snapshot, ['WEB01'], 'live').find((t) => t.node === 'HV02');
    assert.deepEqual(hv02, { node: 'HV02', eligible: true, detail: '6 GiB free of 16 GiB' });
    const big = eligibleTargets(snapshot, ['BIG01'], 'live').find((t) => t.node === 'HV02');
    assert.deepEqual(big, { node: 'HV02', eligible: false, detail: 'Only 6 GiB free, BIG01 needs 10 GiB' });
  });

  it('offers the eligible nodes first, then the others under a separator, with their reasons', () => {
    const { snapshot } = clusterAfter(smallCluster(), [{ do: 'crashNode', node: 'HV03' }]);
    const items = targetPickItems(eligibleTargets(snapshot, ['FS01'], 'live'));
    assert.deepEqual(
      items.map((i) => [i.label, i.description, i.separator ?? false, i.icon, i.value?.node]),
      [
        ['HV01', '4 GiB free of 16 GiB', false, 'server', 'HV01'],
        ['Not available', undefined, true, undefined, undefined],
        ['HV02', 'Already on this node', false, 'circle-slash', 'HV02'],
        ['HV03', 'Down', false, 'circle-slash', 'HV03'],
      ],
    );
  });

  it('puts the node the VM runs on under the separator', () => {
    const { snapshot } = clusterAfter(smallCluster({ vms: [{ name: 'A', owner: 'HV01', memory: '1GiB', disk: 'CSV1' }] }));
    const items = targetPickItems(eligibleTargets(snapshot, ['A'], 'live'));
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
