import { strict as assert } from 'node:assert';
import { cluster, gbps, GiB, run, workload } from '../../helpers/runScenario';

const still = workload('0MB/s', '1GiB', 0.9);
const vm = (name: string, owner = 'HV01', memory = '4GiB', extra = {}) => ({ name, owner, memory, disk: 'CSV1', workload: still, ...extra });

describe('live migration scheduling and network choice', () => {
  it('shares one link between two concurrent migrations: each gets half', () => {
    const { report } = run(
      cluster({
        settings: { liveMigration: { maxConcurrentPerNode: 2, networks: ['Live Migration'] } },
        vms: [vm('A'), vm('B')],
        timeline: [
          { at: '10s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
          { at: '10s', do: 'liveMigrate', vm: 'B', to: 'HV03' },
        ],
      }),
    );
    const [a, b] = report.migrations;
    assert.equal(a.outcome, 'completed');
    assert.equal(b.outcome, 'completed');
    // Both leave HV01 through one 1 Gbps port: 62.5 MB/s each.
    const shared = (4 * GiB) / (gbps(1) / 2);
    for (const m of [a, b]) assert.ok(Math.abs(m.passes[0].duration - shared) / shared < 0.01, `pass 1 took ${m.passes[0].duration}, expected ${shared}`);
  });

  it('queues a second migration from the same node with the default limit of one, keeping requestedAt', () => {
    const { report } = run(
      cluster({
        vms: [vm('A'), vm('B')],
        timeline: [
          { at: '10s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
          { at: '10s', do: 'liveMigrate', vm: 'B', to: 'HV03' },
        ],
      }),
    );
    const [a, b] = report.migrations;
    assert.equal(b.requestedAt, 10);
    assert.equal(b.startedAt, a.completedAt);
    // A node's only migration: one stream, 95 % of the 1 Gbps link.
    const alone = (4 * GiB) / (0.95 * gbps(1));
    assert.ok(Math.abs(a.passes[0].duration - alone) / alone < 0.01, 'the first runs alone at one stream’s rate');
    assert.equal(b.outcome, 'completed');
  });

  it('queues the third migration when the limit is two', () => {
    const { report } = run(
      cluster({
        settings: { liveMigration: { maxConcurrentPerNode: 2, networks: ['Live Migration'] } },
        vms: [vm('A'), vm('B'), vm('C')],
        timeline: [
          { at: '10s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
          { at: '10s', do: 'liveMigrate', vm: 'B', to: 'HV03' },
          { at: '10s', do: 'liveMigrate', vm: 'C', to: 'HV02' },
        ],
      }),
    );
    const [a, b, c] = report.migrations;
    assert.equal(a.startedAt, 10);
    assert.equal(b.startedAt, 10);
    assert.equal(c.startedAt, Math.min(a.completedAt!, b.completedAt!));
    assert.ok(report.migrations.every((m) => m.outcome === 'completed'));
  });

  it('picks the second-lowest metric network by default (the lowest goes last)', () => {
    // Automatic metrics: Cluster 1000, Live Migration 1100, iSCSI 1200, LAN 10000.
    const { report } = run(cluster({ settings: {}, vms: [vm('A')], timeline: [{ at: '1s', do: 'liveMigrate', vm: 'A', to: 'HV02' }] }));
    assert.equal(report.migrations[0].network, 'Live Migration');
  });

  it('follows an explicit order, and a VM’s own order over the cluster’s', () => {
    const explicit = run(cluster({ settings: { liveMigration: { networks: ['LAN', 'Live Migration'] } }, vms: [vm('A')], timeline: [{ at: '1s', do: 'liveMigrate', vm: 'A', to: 'HV02' }] }));
    assert.equal(explicit.report.migrations[0].network, 'LAN');
    const own = run(cluster({ vms: [vm('A', 'HV01', '4GiB', { liveMigrationNetworks: ['Cluster'] })], timeline: [{ at: '1s', do: 'liveMigrate', vm: 'A', to: 'HV02' }] }));
    assert.equal(own.report.migrations[0].network, 'Cluster');
  });

  it('skips a network that is down and falls back to the next', () => {
    const { report } = run(
      cluster({
        vms: [vm('A')],
        timeline: [
          { at: '1s', do: 'failNetwork', network: 'Live Migration' },
          { at: '2s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
        ],
      }),
    );
    assert.equal(report.migrations[0].network, 'LAN');
    assert.equal(report.migrations[0].outcome, 'completed');
  });

  it('drains a node: pauses it and moves each VM to a preferred owner with room, one at a time', () => {
    const { report, sim } = run(
      cluster({
        vms: [vm('A', 'HV01', '4GiB', { preferredOwners: ['HV01', 'HV03', 'HV02'] }), vm('B'), vm('C')],
        timeline: [{ at: '5s', do: 'drainNode', node: 'HV01' }],
      }),
    );
    assert.equal(sim.state.node('HV01').status, 'paused');
    assert.deepEqual(report.vms.map((v) => v.node), ['HV03', 'HV02', 'HV02']);
    const ms = report.migrations;
    assert.equal(ms.length, 3);
    for (let i = 1; i < ms.length; i++) assert.ok(ms[i].startedAt! >= ms[i - 1].completedAt!, 'one at a time out of HV01');
    assert.ok(ms.every((m) => m.outcome === 'completed' && m.requestedAt === 5));
  });

  it('does not migrate to a paused node, and resumeNode lets it host again', () => {
    const { report } = run(
      cluster({
        vms: [vm('A'), vm('B')],
        timeline: [
          { at: '1s', do: 'drainNode', node: 'HV02' },
          { at: '2s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
          { at: '3s', do: 'resumeNode', node: 'HV02' },
          { at: '4s', do: 'liveMigrate', vm: 'B', to: 'HV02' },
        ],
      }),
    );
    const [a, b] = report.migrations;
    assert.equal(a.outcome, 'failed');
    assert.match(a.reason!, /HV02 is paused/);
    assert.equal(b.outcome, 'completed');
    assert.ok(report.notices.some((n) => n.kind === 'rejected' && n.subject === 'A'));
  });
});
