/**
 * Engine bugs the property tests (properties.test.ts) found, each minimised to a plain scenario.
 * Every run here checks the invariants after every event, as the properties do.
 */
import { strict as assert } from 'node:assert';
import { createSimulation } from '../../../src/engine';
import { invariantViolations } from '../../../src/engine/simulation/invariants';
import type { Simulation } from '../../../src/engine/simulation/simulation';
import { cluster, load, type ScenarioJson } from '../../helpers/runScenario';

/** Runs to the end; fails on the first broken invariant or an exception out of the engine. */
function runChecked(json: ScenarioJson): Simulation {
  const sim = createSimulation(load(json));
  const broken: string[] = [];
  sim.log.subscribe((e) => {
    if (broken.length < 3) for (const v of invariantViolations(sim)) broken.push(`t=${e.t} after ${e.kind}: ${v}`);
  });
  sim.run(100_000);
  assert.deepEqual(broken, []);
  return sim;
}

const rejected = (sim: Simulation, action: string) =>
  sim.log.events.filter((e) => e.kind === 'action.rejected' && e.action === action).map((e) => ('reason' in e ? e.reason : ''));

/** Two 8 GiB nodes, a cluster network and a LAN, iSCSI, one CSV on iSCSI. */
function twoNodes(overrides: ScenarioJson): ScenarioJson {
  return {
    name: 'regression',
    settings: { heartbeat: { delay: '1s', threshold: 1 }, bootTime: '1s' },
    nodes: [
      { name: 'HV01', memory: '8GiB' },
      { name: 'HV02', memory: '8GiB' },
    ],
    networks: [
      { name: 'Cluster', role: 'cluster', bandwidth: '100Mbps' },
      { name: 'LAN', role: 'clusterAndClient', bandwidth: '100Mbps' },
      { name: 'iSCSI', role: 'none', bandwidth: '1Gbps' },
    ],
    disks: [{ name: 'CSV1', size: '2TiB', csv: true, path: 'iSCSI', coordinator: 'HV01' }],
    vms: [{ name: 'VM01', owner: 'HV01', memory: '1GiB', disk: 'CSV1', workload: 'idle' }],
    timeline: [],
    ...overrides,
  };
}

describe('hardening: regressions found by the properties', () => {
  it('saving a VM whose node has lost its storage path is refused with the reason (it threw "cannot start a flow")', () => {
    const sim = runChecked(twoNodes({ timeline: [{ at: '0s', do: 'failNetwork', network: 'iSCSI' }, { at: '1ms', do: 'saveVm', vm: 'VM01' }] }));
    assert.deepEqual(rejected(sim, 'saveVm'), ['HV01 has no direct access to CSV1: network "iSCSI" is down, so VM01\'s memory cannot be saved there']);
    assert.equal(sim.state.vm('VM01').status, 'running');
  });

  it('starting a saved VM whose node has lost its storage path is refused with the reason (it threw)', () => {
    const sim = runChecked(
      twoNodes({
        vms: [{ name: 'VM01', owner: 'HV01', memory: '1GiB', disk: 'CSV1', workload: 'idle', state: 'saved' }],
        timeline: [{ at: '0s', do: 'disconnect', node: 'HV01', network: 'iSCSI' }, { at: '1s', do: 'startVm', vm: 'VM01' }],
      }),
    );
    assert.deepEqual(rejected(sim, 'startVm'), ['HV01 has no direct access to CSV1: the link of "HV01" to network "iSCSI" is down, so VM01 cannot be restored from its saved state']);
    assert.equal(sim.state.vm('VM01').status, 'saved');
  });

  it('a quick migration from a node in redirected access is refused: save and restore use each node\'s own storage path (it threw)', () => {
    const sim = runChecked(
      twoNodes({
        disks: [{ name: 'CSV1', size: '2TiB', csv: true, path: 'iSCSI', coordinator: 'HV02' }],
        timeline: [{ at: '0s', do: 'disconnect', node: 'HV01', network: 'iSCSI' }, { at: '1s', do: 'quickMigrate', vm: 'VM01', to: 'HV02' }],
      }),
    );
    const [reason] = rejected(sim, 'quickMigrate');
    assert.match(reason ?? '', /^HV01 has no direct access to CSV1: .*a quick migration saves and restores memory over each node's own storage path$/);
    assert.equal(sim.records.migrations[0]?.outcome, 'failed');
    assert.equal(sim.state.vm('VM01').node, 'HV01');
  });

  it('a quick migration whose target loses its storage path during the save fails at the restore, the VM saved (it threw)', () => {
    const sim = runChecked(
      twoNodes({
        disks: [{ name: 'Disk', size: '1TiB', csv: false, path: 'iSCSI' }],
        vms: [{ name: 'VM01', owner: 'HV01', memory: '1GiB', disk: 'Disk', workload: 'idle' }],
        timeline: [{ at: '0s', do: 'quickMigrate', vm: 'VM01', to: 'HV02' }, { at: '1s', do: 'disconnect', node: 'HV02', network: 'iSCSI' }],
      }),
    );
    const m = sim.records.migrations[0];
    assert.equal(m?.outcome, 'failed');
    assert.equal(m?.reason, 'HV02 has no direct access to Disk: the link of "HV02" to network "iSCSI" is down');
    assert.equal(sim.state.vm('VM01').status, 'saved');
  });

  it('a queued live migration to a node that crashes fails with it instead of starting there (the down node held its memory)', () => {
    const sim = runChecked(
      twoNodes({
        disks: [{ name: 'CSV1', size: '2TiB', csv: true, path: 'fabric', coordinator: 'HV01' }],
        vms: [
          { name: 'VM01', owner: 'HV01', memory: '1GiB', disk: 'CSV1', workload: 'idle' },
          { name: 'VM02', owner: 'HV01', memory: '1GiB', disk: 'CSV1', workload: 'idle' },
        ],
        timeline: [
          { at: '1s', do: 'liveMigrate', vm: 'VM01', to: 'HV02' },
          { at: '1001ms', do: 'liveMigrate', vm: 'VM02', to: 'HV02' },
          { at: '2001ms', do: 'crashNode', node: 'HV02' },
        ],
      }),
    );
    assert.deepEqual(
      sim.records.migrations.map((m) => [m.vm, m.outcome, m.reason]),
      [
        ['VM01', 'failed', 'target node HV02 went down'],
        ['VM02', 'failed', 'target node HV02 went down'],
      ],
    );
    assert.equal(sim.state.node('HV02').reserved, 0);
  });

  it('a VM being saved when its node crashes stays failed: the save\'s end does not bring it back to life on the down node', () => {
    const sim = runChecked(
      twoNodes({
        nodes: [
          { name: 'HV01', memory: '8GiB' },
          { name: 'HV02', memory: '8GiB' },
          { name: 'HV03', memory: '8GiB' },
        ],
        disks: [{ name: 'CSV1', size: '2TiB', csv: true, path: 'fabric', coordinator: 'HV01' }],
        vms: [{ name: 'VM03', owner: 'HV02', memory: '1GiB', disk: 'CSV1', workload: 'idle' }],
        timeline: [{ at: '1s', do: 'saveVm', vm: 'VM03' }, { at: '2s', do: 'crashNode', node: 'HV02' }],
      }),
    );
    // Failed with its node, then restarted by the failover on a node that is up.
    assert.notEqual(sim.state.vm('VM03').node, 'HV02');
    assert.equal(sim.state.vm('VM03').status, 'running');
  });

  it('a VM being saved when its partition loses quorum stays failed when the save ends (it was shown saved, its memory released twice)', () => {
    const sim = runChecked(
      twoNodes({
        disks: [{ name: 'CSV1', size: '2TiB', csv: true, path: 'fabric', coordinator: 'HV01' }],
        vms: [{ name: 'VM01', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: 'idle' }],
        timeline: [
          { at: '1s', do: 'saveVm', vm: 'VM01' },
          { at: '1001ms', do: 'failNetwork', network: 'Cluster' },
          { at: '1002ms', do: 'failNetwork', network: 'LAN' },
        ],
      }),
    );
    assert.equal(sim.state.node('HV01').reserved, 0);
    assert.equal(sim.state.vm('VM01').status, 'failed');
    assert.ok(!sim.log.events.some((e) => e.kind === 'vm.state' && e.subject === 'VM01' && 'state' in e && e.state === 'saved'));
  });

  it('starting a saved VM that moves with a quick migration of its classic disk is refused (it was restored on the old node while its disk moved)', () => {
    const sim = runChecked(
      twoNodes({
        disks: [{ name: 'Classic', size: '1TiB', csv: false, path: 'fabric' }],
        vms: [
          { name: 'VM01', owner: 'HV01', memory: '1GiB', disk: 'Classic', workload: 'idle', state: 'saved' },
          { name: 'VM02', owner: 'HV01', memory: '1GiB', disk: 'Classic', workload: 'idle' },
        ],
        timeline: [{ at: '1s', do: 'quickMigrate', vm: 'VM02', to: 'HV02' }, { at: '1s', do: 'startVm', vm: 'VM01' }],
      }),
    );
    assert.deepEqual(rejected(sim, 'startVm'), ['VM01 is being migrated']);
    assert.deepEqual([sim.state.vm('VM01').node, sim.state.vm('VM01').status], ['HV02', 'saved']);
  });

  it('a VM whose node crashes while it boots comes online at the end of the failover\'s boot, not at the end of the first one', () => {
    const sim = runChecked(
      cluster({
        settings: { bootTime: '60s' },
        vms: [{ name: 'A', owner: 'HV01', memory: '1GiB', disk: 'CSV1', state: 'off', preferredOwners: ['HV01', 'HV02'] }],
        timeline: [{ at: '0s', do: 'startVm', vm: 'A' }, { at: '30s', do: 'crashNode', node: 'HV01' }],
      }),
    );
    const running = sim.log.events.filter((e) => e.kind === 'vm.state' && e.subject === 'A' && 'state' in e && e.state === 'running');
    assert.deepEqual(running.map((e) => e.t), [95], 'detected at 35 s, booted for 60 s');
    const [failover] = sim.records.failovers;
    assert.deepEqual([failover?.to, failover?.onlineAt, failover?.downtime], ['HV02', 95, 65]);
  });

  it('an action by hand on a name the cluster does not have, or with a duration that is no time, is refused (it threw from the handler)', () => {
    const sim = createSimulation(load(cluster({ vms: [{ name: 'A', owner: 'HV01', memory: '1GiB', disk: 'CSV1' }] })));
    sim.start();
    const cases: [unknown, string][] = [
      [{ do: 'liveMigrate', vm: 'NOPE', to: 'HV02' }, 'there is no VM named "NOPE"'],
      [{ do: 'quickMigrate', vm: 'A', to: 'NOPE' }, 'there is no node named "NOPE"'],
      [{ do: 'crashNode', node: 'x'.repeat(10_000) }, `there is no node named "${'x'.repeat(80)}..."`],
      [{ do: 'disconnect', node: 'HV01', network: 'NOPE' }, 'there is no network named "NOPE"'],
      [{ do: 'maintenance', disk: 'CSV1', on: 'yes' }, 'maintenance mode is turned on (true) or off (false)'],
      [{ do: 'backup', disk: 'CSV1', duration: -5 }, 'the duration must be a finite time of zero or more, not -5'],
      [{ do: 'repairVolume', disk: 'CSV1', task: 'chkdsk', duration: Infinity }, 'the duration must be a finite time of zero or more, not Infinity'],
      [{ do: 'repairVolume', disk: 'CSV1', task: 'format', duration: 1 }, 'a repair is "chkdsk" or "defrag"'],
      [{ do: 'setWorkload', vm: 'A', workload: { memoryWrites: -1, workingSet: 0, hotShare: 0.5, diskIo: 0 } }, 'a workload needs finite, non-negative memoryWrites, workingSet and diskIo, and a hotShare between 0 and 1'],
      [{ do: 'startVm', vm: 42 }, 'a VM is named by a string, not a number'],
      [{ do: 'crashNode', node: Object.create(null) }, 'a node is named by a string, not an object'],
      [{ do: 'backup', disk: 'CSV1', duration: Object.create(null) }, 'the duration must be a finite time of zero or more, not an object'],
      [null, 'not an action'],
    ];
    for (const [action, reason] of cases) assert.deepEqual(sim.request(action as never, 'user'), { accepted: false, reason });
    assert.equal(sim.run(), 'finished');
    assert.deepEqual(invariantViolations(sim), []);
  });

  describe('issue 12', () => {
    /** Three 32 GiB nodes; V (on A) on disk D1. */
    const three = (overrides: ScenarioJson): ScenarioJson => ({
      name: 'issue 12',
      seed: 1,
      nodes: [
        { name: 'A', memory: '32GiB' },
        { name: 'B', memory: '32GiB' },
        { name: 'C', memory: '32GiB' },
      ],
      ...overrides,
    });

    it('a quorum-loss failover of a VM that arrived after its node lost its clients starts when it arrived, not at 0', () => {
      const sim = runChecked(
        three({
          networks: [
            { name: 'Client', role: 'clusterAndClient', bandwidth: '1Gbps', nodes: ['B'] },
            { name: 'LAN', role: 'cluster', bandwidth: '1Gbps' },
          ],
          disks: [{ name: 'D1', size: '1TiB', csv: true, path: 'fabric' }],
          vms: [{ name: 'V', owner: 'A', memory: '1GiB', disk: 'D1', workload: 'web' }],
          timeline: [
            { at: '10s', do: 'liveMigrate', vm: 'V', to: 'C' },
            { at: '100s', do: 'disconnect', node: 'C', network: 'LAN' },
          ],
        }),
      );
      const [migration] = sim.records.migrations;
      assert.equal(migration.outcome, 'completed');
      // V runs on C from its resume there, the clean-up's start (the migration completes after it).
      const arrived = (migration.completedAt as number) - (migration.cleanup as number);
      assert.ok(arrived > 10 && arrived < 100, `arrived at ${arrived}`);
      const [f] = sim.records.failovers;
      assert.equal(f.from, 'C');
      assert.equal(f.cause, 'quorumLost');
      // C never had a client network: V was lost to its clients the moment it arrived there.
      assert.equal(f.failedAt, arrived);
      assert.equal(f.downtime, (f.onlineAt as number) - arrived);
    });

    const quick = (timeline: unknown[]): ScenarioJson =>
      three({
        networks: [{ name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps' }],
        disks: [{ name: 'D1', size: '1TiB', path: 'LAN' }],
        vms: [{ name: 'V', owner: 'A', memory: '4GiB', disk: 'D1', workload: 'web' }],
        timeline,
      });

    it('a quick migration whose target crashes after the save: the group fails over, V restored from its saved state on a live node', () => {
      const sim = runChecked(
        quick([
          { at: '10s', do: 'quickMigrate', vm: 'V', to: 'B' },
          { at: '60s', do: 'crashNode', node: 'B' },
          { at: '10m', do: 'startNode', node: 'B' },
        ]),
      );
      const [m] = sim.records.migrations;
      assert.equal(m.outcome, 'failed');
      assert.equal(m.leftOn, 'B');
      assert.match(m.reason ?? '', /^target node B went down; V was saved and left on B/);
      const [f] = sim.records.failovers;
      assert.equal(f.cause, 'moveFailed');
      assert.equal(f.from, 'B');
      assert.equal(f.failedAt, 60);
      assert.ok((f.detectedAt as number) > 60, 'detected by the heartbeats, after the crash');
      assert.notEqual(f.to, 'B');
      assert.equal(f.lostBytes, 0);
      const v = sim.state.vm('V');
      assert.equal(v.status, 'running');
      assert.equal(v.node, f.to);
      assert.equal(sim.state.disk('D1').owner, f.to);
      assert.equal(sim.state.disk('D1').online, true);
      const started = sim.log.events.find((e) => e.kind === 'failover.started');
      assert.match(started && 'reason' in started ? started.reason : '', /restored from the saved state/);
    });

    it('a quick migration whose target crashes while the disk is offline on the source: the group comes back online, V restored', () => {
      // 4 GiB at the LAN's 1 Gbps: the save ends well after 10 s + 30 s; crash B just after it.
      const probe = runChecked(quick([{ at: '10s', do: 'quickMigrate', vm: 'V', to: 'B' }]));
      const offline = probe.log.events.find((e) => e.kind === 'migration.phase' && 'phase' in e && e.phase === 'diskOffline');
      assert.ok(offline);
      const sim = runChecked(
        quick([
          { at: '10s', do: 'quickMigrate', vm: 'V', to: 'B' },
          { at: `${offline.t + 0.001}s`, do: 'crashNode', node: 'B' },
        ]),
      );
      const [m] = sim.records.migrations;
      assert.equal(m.outcome, 'failed');
      assert.equal(m.leftOn, 'A');
      const [f] = sim.records.failovers;
      assert.equal(f.from, 'A');
      assert.equal(f.detectedAt, f.failedAt, 'A is alive: nothing to detect');
      assert.equal(sim.state.vm('V').status, 'running');
      assert.equal(sim.state.disk('D1').online, true);
    });

    it('a quick migration whose source crashes after the VM moved to the target completes there', () => {
      const probe = runChecked(quick([{ at: '10s', do: 'quickMigrate', vm: 'V', to: 'B' }]));
      const restore = probe.log.events.find((e) => e.kind === 'migration.phase' && 'phase' in e && e.phase === 'restore');
      assert.ok(restore);
      const sim = runChecked(
        quick([
          { at: '10s', do: 'quickMigrate', vm: 'V', to: 'B' },
          { at: `${restore.t + 0.001}s`, do: 'crashNode', node: 'A' },
        ]),
      );
      assert.equal(sim.records.migrations[0].outcome, 'completed');
      assert.equal(sim.state.vm('V').node, 'B');
      assert.equal(sim.state.vm('V').status, 'running');
    });
  });
});
