import { strict as assert } from 'node:assert';
import { cluster, GiB, run as runScenario, type ScenarioJson } from '../../helpers/runScenario';
import { invariantViolations } from '../../../src/engine/simulation/invariants';

/** Every quick-migration run is checked for exact memory accounting at every event. */
const run = (json: ScenarioJson) => runScenario(json, (sim) => assert.deepEqual(invariantViolations(sim), [], `at t=${sim.now}`));

describe('quick migration', () => {
  // Write the memory out, read it back, at the disk's 256 MiB/s: 8 s per GiB (a CSV needs no disk move).
  for (const [gib, outage] of [
    [1, 8],
    [4, 32],
  ] as const) {
    it(`moves a ${gib} GiB VM in ${outage} s, 8 s per GiB: save and restore at the disk's throughput`, () => {
      const { report } = run(
        cluster({
          vms: [{ name: 'FS01', owner: 'HV01', memory: `${gib}GiB`, disk: 'CSV1', workload: 'idle', clients: 15 }],
          timeline: [{ at: '10s', do: 'quickMigrate', vm: 'FS01', to: 'HV02' }],
        }),
      );
      const m = report.migrations[0];
      assert.equal(m.type, 'quick');
      assert.equal(m.outcome, 'completed');
      assert.equal(m.network, null);
      assert.deepEqual(m.passes, []);
      assert.ok(Math.abs(m.blackout! - outage) < 0.01, `outage ${m.blackout}, expected ${outage}`);
      assert.equal(report.vms[0].node, 'HV02');
      assert.equal(report.vms[0].state, 'running');
      // Clients time out after 20 s of silence: a 1 GiB VM keeps them, a 4 GiB one does not.
      assert.equal(m.clientsDisconnected, outage > 20 ? 15 : 0);
    });
  }

  it('moves every VM on a classic disk together, with the disk going offline and online', () => {
    const { report, sim } = run(
      cluster({
        disks: [{ name: 'Disk Q', size: '500GiB', throughput: '256MiB/s', path: 'fabric' }],
        vms: [
          { name: 'APP', owner: 'HV01', memory: '1GiB', disk: 'Disk Q', workload: 'idle' },
          { name: 'DB', owner: 'HV01', memory: '1GiB', disk: 'Disk Q', workload: 'idle' },
        ],
        timeline: [{ at: '10s', do: 'quickMigrate', vm: 'APP', to: 'HV03' }],
      }),
    );
    const m = report.migrations[0];
    assert.equal(m.outcome, 'completed');
    assert.deepEqual(m.movedWith, ['DB']);
    assert.deepEqual(report.vms.map((v) => [v.node, v.state]), [['HV03', 'running'], ['HV03', 'running']]);
    assert.equal(sim.state.disk('Disk Q').owner, 'HV03');
    // Both saves share the disk (2 GiB at 256 MiB/s: 8 s), the disk goes offline on HV01 (0.3 s)
    // and online on HV03 (0.7 s), then both restores share it (8 s).
    assert.ok(Math.abs(m.blackout! - 17) < 0.01, `outage ${m.blackout}, expected 17 s`);
    assert.equal(sim.state.node('HV01').reserved, 0);
    assert.equal(sim.state.node('HV03').reserved, 2 * GiB);
  });

  it('refuses a live migration of one VM of a shared classic disk', () => {
    const { report } = run(
      cluster({
        disks: [{ name: 'Disk Q', size: '500GiB', path: 'fabric' }],
        vms: [
          { name: 'APP', owner: 'HV01', memory: '1GiB', disk: 'Disk Q' },
          { name: 'DB', owner: 'HV01', memory: '1GiB', disk: 'Disk Q' },
        ],
        timeline: [{ at: '10s', do: 'liveMigrate', vm: 'APP', to: 'HV03' }],
      }),
    );
    assert.equal(report.migrations[0].outcome, 'failed');
    assert.match(report.migrations[0].reason!, /shared with DB/);
  });

  it('is slowed by an iSCSI path slower than the disk', () => {
    const { report } = run(
      cluster({
        disks: [{ name: 'CSV1', size: '2TiB', throughput: '256MiB/s', csv: true, path: 'iSCSI' }],
        vms: [{ name: 'FS01', owner: 'HV01', memory: '1GiB', disk: 'CSV1', workload: 'idle' }],
        timeline: [{ at: '10s', do: 'quickMigrate', vm: 'FS01', to: 'HV02' }],
      }),
    );
    // 1 Gbps of iSCSI is 125 MB/s, below the disk's 256 MiB/s: it sets the pace both ways.
    const expected = (2 * GiB) / 125e6;
    assert.ok(Math.abs(report.migrations[0].blackout! - expected) / expected < 0.01, `outage ${report.migrations[0].blackout}, expected ${expected}`);
  });

  it('gives the VM back, running on the source, when the storage path fails during the save', () => {
    const { report } = run(
      cluster({
        disks: [{ name: 'CSV1', size: '2TiB', throughput: '256MiB/s', csv: true, path: 'iSCSI' }],
        vms: [{ name: 'FS01', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: 'idle' }],
        timeline: [
          { at: '10s', do: 'quickMigrate', vm: 'FS01', to: 'HV02' },
          { at: '15s', do: 'failNetwork', network: 'iSCSI' },
        ],
      }),
    );
    assert.equal(report.migrations[0].outcome, 'failed');
    assert.match(report.migrations[0].reason!, /iSCSI/);
    assert.deepEqual([report.vms[0].node, report.vms[0].state, report.vms[0].downtime], ['HV01', 'running', 5]);
  });

  it('fails the group over when the target crashes while the VM is being restored: restored from its saved state on a live node', () => {
    const { report, sim } = run(
      cluster({
        vms: [{ name: 'FS01', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: 'idle' }],
        // Save takes 16 s (4 GiB at 256 MiB/s): at 30 s the restore on HV02 is under way.
        timeline: [
          { at: '10s', do: 'quickMigrate', vm: 'FS01', to: 'HV02' },
          { at: '30s', do: 'crashNode', node: 'HV02' },
        ],
      }),
    );
    assert.equal(report.migrations[0].outcome, 'failed');
    assert.match(report.migrations[0].reason!, /target node HV02 went down/);
    assert.equal(report.migrations[0].leftOn, 'HV02');
    // Left saved on the dead HV02 once, it does not stay there: the cluster restores it elsewhere.
    const [f] = report.failovers;
    assert.deepEqual([f.from, f.cause, f.lostBytes, f.failedAt], ['HV02', 'moveFailed', 0, 30]);
    assert.equal(report.vms[0].state, 'running');
    assert.equal(report.vms[0].node, f.to);
    assert.notEqual(f.to, 'HV02');
    assert.equal(sim.state.node('HV02').reserved, 0);
    assert.equal(sim.state.node(f.to!).reserved, 4 * 2 ** 30);
  });
});
