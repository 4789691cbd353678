import { strict as assert } from 'node:assert';
import { cluster, run, type ScenarioJson } from '../../helpers/runScenario';

/**
 * A network with role `none` ("Do not allow cluster network communication on this network",
 * 2008 R2's Role 0: "The network is not used by the cluster") carries no cluster traffic. Here its
 * metric is set between the cluster networks' on purpose, where the old default order (every
 * shared network by metric, the lowest moved to the end) put it first.
 */
function withIscsiBetween(overrides: ScenarioJson = {}): ScenarioJson {
  return cluster({
    settings: {},
    networks: [
      { name: 'Cluster', role: 'cluster', bandwidth: '1Gbps', latency: '0.1ms' },
      { name: 'iSCSI', role: 'none', bandwidth: '1Gbps', latency: '0.1ms', metric: 1050 },
      { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps', latency: '0.3ms' },
    ],
    vms: [{ name: 'VM1', owner: 'HV01', memory: '1GiB', disk: 'CSV1' }],
    ...overrides,
  });
}

describe('a network not for cluster use (role none) in a run', () => {
  it('the default live-migration order skips it: the second-lowest cluster network (LAN) goes first', () => {
    const { report } = run(withIscsiBetween({ timeline: [{ at: '1s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' }] }));
    assert.equal(report.migrations[0].outcome, 'completed');
    assert.equal(report.migrations[0].network, 'LAN');
  });

  it('with LAN down, the default order falls back to NetFT’s network, never to iSCSI', () => {
    const { report } = run(
      withIscsiBetween({
        timeline: [
          { at: '0.5s', do: 'failNetwork', network: 'LAN' },
          { at: '1s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' },
        ],
      }),
    );
    assert.equal(report.migrations[0].outcome, 'completed');
    assert.equal(report.migrations[0].network, 'Cluster');
  });

  it('with every cluster network cut between the two nodes, a live migration is refused although iSCSI is up', () => {
    const { report } = run(
      withIscsiBetween({
        timeline: [
          { at: '0.5s', do: 'disconnect', node: 'HV02', network: 'Cluster' },
          { at: '0.5s', do: 'disconnect', node: 'HV02', network: 'LAN' },
          { at: '1s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' },
        ],
      }),
    );
    const m = report.migrations[0];
    assert.equal(m.outcome, 'failed');
    assert.equal(m.network, null);
    assert.match(m.reason!, /no live-migration network is up between HV01 and HV02/);
    assert.doesNotMatch(m.reason!, /iSCSI/);
  });

  it('a VM whose own list names it live-migrates over it', () => {
    const { report } = run(
      withIscsiBetween({
        vms: [{ name: 'VM1', owner: 'HV01', memory: '1GiB', disk: 'CSV1', liveMigrationNetworks: ['iSCSI', 'LAN'] }],
        timeline: [{ at: '1s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' }],
      }),
    );
    assert.equal(report.migrations[0].outcome, 'completed');
    assert.equal(report.migrations[0].network, 'iSCSI');
  });
});
