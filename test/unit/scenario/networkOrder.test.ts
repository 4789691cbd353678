import { strict as assert } from 'node:assert';
import {
  explicitLiveMigrationNetworks,
  isAttached,
  liveMigrationOrder,
  netftNetwork,
  netftOrder,
} from '../../../src/engine/network/order';
import type { NetworkSpec } from '../../../src/engine/scenario/model';
import { build } from './scenarioBuilder';

const names = (ns: readonly NetworkSpec[]): string[] => ns.map((n) => n.name);

/** The article's cluster: auto metrics Cluster Internal 1000, LAN 10000 (a gateway), iSCSI 100000 (role none). */
const article = build({
  networks: [
    { name: 'Cluster Internal', role: 'cluster' },
    { name: 'LAN', role: 'clusterAndClient' },
    { name: 'iSCSI', role: 'none' },
  ],
}).networks;

describe('network order (NetFT and live migration)', () => {
  it('default live-migration order: second-lowest metric first, lowest last, iSCSI (role none) left out', () => {
    assert.deepEqual(names(liveMigrationOrder(article, 'HV01', 'HV02', null)), ['LAN', 'Cluster Internal']);
  });

  it('default order leaves role "none" networks out and takes only networks both nodes share', () => {
    const nets = build({
      networks: [
        { name: 'A', role: 'cluster', metric: 100 },
        { name: 'B', role: 'none', metric: 200 },
        { name: 'C', role: 'cluster', metric: 300, nodes: ['HV01', 'HV03'] },
        { name: 'D', role: 'clusterAndClient', metric: 400 },
      ],
    }).networks;
    assert.deepEqual(names(liveMigrationOrder(nets, 'HV01', 'HV02', null)), ['D', 'A']);
    assert.deepEqual(names(liveMigrationOrder(nets, 'HV01', 'HV03', null)), ['C', 'D', 'A']);
  });

  it('a role "none" network with the lowest metric of all is neither NetFT\'s nor in the default order; a list may name it', () => {
    const nets = build({
      networks: [
        { name: 'Heartbeat', role: 'cluster', metric: 900 },
        { name: 'iSCSI', role: 'none', metric: 10 },
        { name: 'LAN', role: 'clusterAndClient', metric: 500 },
      ],
    }).networks;
    assert.equal(netftNetwork(nets, 'HV01', 'HV02')?.name, 'LAN');
    assert.deepEqual(names(liveMigrationOrder(nets, 'HV01', 'HV02', null)), ['Heartbeat', 'LAN']);
    assert.deepEqual(names(liveMigrationOrder(nets, 'HV01', 'HV02', ['iSCSI', 'LAN'])), ['iSCSI', 'LAN']);
  });

  it('the default order is empty between nodes that share only a role "none" network', () => {
    const nets = build({
      networks: [
        { name: 'Cluster', role: 'cluster', nodes: ['HV01', 'HV02'] },
        { name: 'iSCSI', role: 'none' },
      ],
    }).networks;
    assert.deepEqual(names(liveMigrationOrder(nets, 'HV01', 'HV03', null)), []);
    assert.deepEqual(names(liveMigrationOrder(nets, 'HV01', 'HV02', null)), ['Cluster']);
  });

  it('equal metrics keep file order', () => {
    const nets = build({
      networks: [
        { name: 'X', role: 'cluster', metric: 500 },
        { name: 'Y', role: 'cluster', metric: 500 },
        { name: 'Z', role: 'cluster', metric: 500 },
      ],
    }).networks;
    assert.deepEqual(names(liveMigrationOrder(nets, 'HV01', 'HV02', null)), ['Y', 'Z', 'X']);
    assert.equal(netftNetwork(nets, 'HV01', 'HV02')?.name, 'X');
  });

  it('a single shared network is both lowest and first', () => {
    const nets = build({ networks: [{ name: 'Only', role: 'cluster' }] }).networks;
    assert.deepEqual(names(liveMigrationOrder(nets, 'HV01', 'HV02', null)), ['Only']);
  });

  it('an explicit order is respected; unknown, repeated and unshared names are skipped', () => {
    const nets = build({
      networks: [
        { name: 'Cluster Internal', role: 'cluster' },
        { name: 'LAN', role: 'clusterAndClient' },
        { name: 'iSCSI', role: 'none', nodes: ['HV01', 'HV03'] },
      ],
    }).networks;
    const explicit = ['LAN', 'Nope', 'iSCSI', 'Cluster Internal', 'LAN'];
    assert.deepEqual(names(liveMigrationOrder(nets, 'HV01', 'HV02', explicit)), ['LAN', 'Cluster Internal']);
    assert.deepEqual(names(liveMigrationOrder(nets, 'HV01', 'HV03', explicit)), ['LAN', 'iSCSI', 'Cluster Internal']);
    assert.deepEqual(names(liveMigrationOrder(nets, 'HV01', 'HV02', [])), []);
  });

  it('a down network is skipped without reordering the others (the lowest stays last)', () => {
    const upExcept =
      (...down: string[]) =>
      (n: NetworkSpec): boolean =>
        !down.includes(n.name);
    assert.deepEqual(names(liveMigrationOrder(article, 'HV01', 'HV02', null, upExcept('LAN'))), ['Cluster Internal']);
    assert.deepEqual(names(liveMigrationOrder(article, 'HV01', 'HV02', null, upExcept('Cluster Internal'))), ['LAN']);
    assert.deepEqual(names(liveMigrationOrder(article, 'HV01', 'HV02', ['LAN', 'iSCSI'], upExcept('LAN'))), ['iSCSI']);
    assert.deepEqual(names(netftOrder(article, 'HV01', 'HV02', upExcept('Cluster Internal'))), ['LAN']);
  });

  it('NetFT picks the lowest-metric cluster-enabled network, never role "none"', () => {
    // iSCSI has the lowest metric of all, but the cluster does not use it.
    const nets = build({
      networks: [
        { name: 'iSCSI', role: 'none', metric: 10 },
        { name: 'LAN', role: 'clusterAndClient', metric: 500 },
        { name: 'Heartbeat', role: 'cluster', metric: 900 },
      ],
    }).networks;
    assert.deepEqual(names(netftOrder(nets, 'HV01', 'HV02')), ['LAN', 'Heartbeat']);
    assert.equal(netftNetwork(nets, 'HV01', 'HV02')?.name, 'LAN');
    assert.equal(netftNetwork(article, 'HV01', 'HV02')?.name, 'Cluster Internal');
  });

  it('NetFT needs both nodes attached, and says null when nothing is left', () => {
    const nets = build({
      networks: [
        { name: 'Heartbeat', role: 'cluster', nodes: ['HV01', 'HV02'] },
        { name: 'iSCSI', role: 'none' },
      ],
    }).networks;
    assert.equal(isAttached(nets[0]!, 'HV03'), false);
    assert.equal(netftNetwork(nets, 'HV01', 'HV02')?.name, 'Heartbeat');
    assert.equal(netftNetwork(nets, 'HV01', 'HV03'), null);
  });

  it("the explicit list in force: the VM's own, else the cluster's, else null", () => {
    const s = build({
      settings: { liveMigration: { networks: ['LAN'] } },
      vms: [{ name: 'A', liveMigrationNetworks: ['Cluster'] }, { name: 'B' }],
    });
    assert.deepEqual(explicitLiveMigrationNetworks(s.settings, s.vms[0]), ['Cluster']);
    assert.deepEqual(explicitLiveMigrationNetworks(s.settings, s.vms[1]), ['LAN']);
    assert.equal(explicitLiveMigrationNetworks(build().settings), null);
  });
});
