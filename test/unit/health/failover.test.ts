import { strict as assert } from 'node:assert';
import { takeSnapshot } from '../../../src/engine/takeSnapshot';
import { cluster, GiB, workload } from '../../helpers/runScenario';
import { createSimulation } from '../../../src/engine';
import { load } from '../../helpers/runScenario';
import { eventsOf, nodeStates, runChecked } from './helpers';

const busy = workload('20MB/s', '1GiB', 0.9);

describe('failover after a crash', () => {
  it('restarts each VM of the crashed node on the next node after it in its node list (preferred owners, then file order) with memory to spare', () => {
    const { sim, report } = runChecked(
      cluster({
        nodes: [
          { name: 'HV01', memory: '64GiB' },
          { name: 'HV02', memory: '10GiB' },
          { name: 'HV03', memory: '64GiB' },
          { name: 'HV04', memory: '64GiB' },
        ],
        vms: [
          // List HV01, HV02, HV03, HV04: the next after HV01 is HV02, which has room.
          { name: 'P', owner: 'HV01', memory: '8GiB', disk: 'CSV1', preferredOwners: ['HV01', 'HV02', 'HV03'] },
          // List HV04, HV01, HV02, HV03: the next after HV01 is HV02, but P took 8 of its 10 GiB: HV03.
          { name: 'Q', owner: 'HV01', memory: '4GiB', disk: 'CSV1', preferredOwners: ['HV04', 'HV01', 'HV02', 'HV03'] },
          // List HV02, HV04, then HV01, HV03: HV01 is not preferred but keeps its place, and the next
          // after it is HV03, not HV02 at the top (which has just the 2 GiB R needs).
          { name: 'R', owner: 'HV01', memory: '2GiB', disk: 'CSV1', preferredOwners: ['HV02', 'HV04'] },
        ],
        timeline: [{ at: '10s', do: 'crashNode', node: 'HV01' }],
      }),
    );
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.to]), [['P', 'HV02'], ['Q', 'HV03'], ['R', 'HV03']]);
    for (const f of report.failovers) {
      assert.deepEqual([f.from, f.failedAt, f.detectedAt, f.onlineAt, f.downtime, f.reason, f.cause], ['HV01', 10, 15, 75, 65, null, 'nodeCrashed']);
    }
    assert.ok(report.vms.every((v) => v.state === 'running' && v.downtime === 65));
    assert.equal(sim.state.node('HV02').reserved, 8 * GiB);
    assert.equal(sim.state.node('HV03').reserved, 6 * GiB);
    // The steps in the log: stopped at the crash, declared at 15 s, booting, then running.
    assert.deepEqual(
      sim.log.events.filter((e) => e.kind === 'vm.state' && e.subject === 'Q').map((e) => [e.t, e.kind === 'vm.state' && e.state]),
      [[10, 'failed'], [15, 'booting'], [75, 'running']],
    );
    assert.equal(eventsOf(sim, 'failover.started').length, 3);
    assert.equal(eventsOf(sim, 'failover.completed').length, 3);
    assert.deepEqual(report.notices.filter((n) => n.action === 'crashNode'), []);
  });

  it('a VM no node can take stays failed, and the report says why; it restarts when a node with room joins', () => {
    const { sim, report } = runChecked(
      cluster({
        nodes: [
          { name: 'HV01', memory: '64GiB' },
          { name: 'HV02', memory: '16GiB' },
          { name: 'HV03', memory: '16GiB' },
        ],
        vms: [
          { name: 'BIG', owner: 'HV01', memory: '32GiB', disk: 'CSV1' },
          { name: 'SMALL', owner: 'HV01', memory: '4GiB', disk: 'CSV1' },
        ],
        // Not drawn at random: the next nodes after HV01 in file order, HV02, HV03, then HV01.
        settings: { disableGroupPreferredOwnerRandomization: true },
        timeline: [
          { at: '10s', do: 'crashNode', node: 'HV01' },
          { at: '5m', do: 'startNode', node: 'HV01' },
        ],
      }),
    );
    const big = report.failovers.find((f) => f.vm === 'BIG')!;
    const stuck = eventsOf(sim, 'failover.failed').filter((e) => e.subject === 'BIG');
    // Told at detection, and again when the reason changes (HV01 is joining, not down).
    assert.deepEqual(stuck.map((e) => [e.t, e.final]), [[15, false], [300, false]]);
    assert.match(stuck[0].reason, /no node can take BIG: HV02 has 16 GiB free, BIG needs 32 GiB; HV03 has 16 GiB free, BIG needs 32 GiB; HV01 is down/);
    // HV01 is back at 5m, seen at the next heartbeat: BIG restarts there (the only node with room).
    assert.deepEqual([big.to, big.detectedAt, big.onlineAt, big.downtime, big.reason], ['HV01', 15, 361, 351, null]);
    const small = report.failovers.find((f) => f.vm === 'SMALL')!;
    assert.deepEqual([small.to, small.onlineAt], ['HV02', 75]);
  });

  it('the snapshot shows each VM’s failover state: detecting, pending, restarting, then none', () => {
    const sim = createSimulation(
      load(
        cluster({
          nodes: [
            { name: 'HV01', memory: '64GiB' },
            { name: 'HV02', memory: '8GiB' },
            { name: 'HV03', memory: '8GiB' },
          ],
          vms: [
            { name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1' },
            { name: 'BIG', owner: 'HV01', memory: '16GiB', disk: 'CSV1' },
          ],
          timeline: [{ at: '10s', do: 'crashNode', node: 'HV01' }],
        }),
      ),
    );
    const at = (t: number, vm: string) => {
      sim.runUntil(t);
      return takeSnapshot(sim).vms.find((v) => v.name === vm)!;
    };
    assert.equal(at(5, 'A').failover, undefined);
    assert.deepEqual(at(12, 'A').failover, { state: 'detecting', from: 'HV01', since: 10, reason: null });
    assert.equal(at(20, 'A').failover?.state, 'restarting');
    assert.equal(at(20, 'BIG').failover?.state, 'pending');
    assert.match(at(20, 'BIG').failover!.reason!, /no node can take BIG/);
    assert.equal(at(100, 'A').failover, undefined);
    assert.equal(at(100, 'A').status, 'running');
    assert.equal(takeSnapshot(sim).nodes[0].status, 'down');
  });

  it('startNode: the node is joining until the next heartbeat, then up, and may host VMs', () => {
    const { sim, report } = runChecked(
      cluster({
        vms: [{ name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1' }],
        timeline: [
          { at: '10s', do: 'crashNode', node: 'HV01' },
          { at: '100s', do: 'startNode', node: 'HV01' },
          { at: '100.5s', do: 'liveMigrate', vm: 'A', to: 'HV01' },
          { at: '110s', do: 'liveMigrate', vm: 'A', to: 'HV01' },
        ],
      }),
    );
    const hv01 = eventsOf(sim, 'node.state').filter((e) => e.subject === 'HV01').map((e) => [e.t, e.state]);
    assert.deepEqual(hv01, [[10, 'down'], [100, 'joining'], [101, 'up']]);
    assert.match(report.migrations[0].reason!, /HV01 is still joining the cluster/);
    assert.equal(report.migrations[1].outcome, 'completed');
    assert.equal(report.vms[0].node, 'HV01');
    assert.deepEqual(report.quorum.map((q) => [q.at, q.hasQuorum, q.nodes]), [
      [0, true, undefined],
      [15, true, ['HV02', 'HV03']],
      [101, true, ['HV01', 'HV02', 'HV03']],
    ]);
  });

  it('a node started again before it was declared down is dropped at once, and its VMs fail over', () => {
    const { sim, report } = runChecked(
      cluster({
        vms: [{ name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1' }],
        timeline: [
          { at: '10s', do: 'crashNode', node: 'HV01' },
          { at: '12s', do: 'startNode', node: 'HV01' },
        ],
      }),
    );
    const declared = eventsOf(sim, 'node.declaredDown');
    assert.deepEqual(declared.map((e) => [e.t, e.subject]), [[12, 'HV01']]);
    assert.match(declared[0].reason, /restarted before it was declared down/);
    assert.deepEqual(report.failovers.map((f) => [f.to, f.failedAt, f.detectedAt, f.onlineAt]), [['HV02', 10, 12, 72]]);
    assert.deepEqual(nodeStates(sim), ['HV01:up', 'HV02:up', 'HV03:up']);
  });

  it('refuses to start a node that is not down, and to crash a node twice', () => {
    const { report } = runChecked(
      cluster({
        timeline: [
          { at: '1s', do: 'startNode', node: 'HV01' },
          { at: '2s', do: 'crashNode', node: 'HV02' },
          { at: '3s', do: 'crashNode', node: 'HV02' },
        ],
      }),
    );
    assert.deepEqual(report.notices.map((n) => [n.action, n.kind]), [['startNode', 'rejected'], ['crashNode', 'rejected']]);
    assert.match(report.notices[0].reason, /HV01 is up, not down/);
    assert.match(report.notices[1].reason, /HV02 is already down \(crashed at 00:00:02\)/);
  });

  it('a classic disk fails over with its VMs: they restart together where the disk comes online', () => {
    const { sim, report } = runChecked(
      cluster({
        disks: [
          { name: 'CSV1', size: '2TiB', csv: true, path: 'fabric' },
          { name: 'LUN1', size: '500GiB', path: 'fabric' },
        ],
        nodes: [
          { name: 'HV01', memory: '64GiB' },
          { name: 'HV02', memory: '6GiB' },
          { name: 'HV03', memory: '64GiB' },
        ],
        vms: [
          { name: 'V1', owner: 'HV01', memory: '4GiB', disk: 'LUN1' },
          { name: 'V2', owner: 'HV01', memory: '4GiB', disk: 'LUN1' },
        ],
        timeline: [{ at: '10s', do: 'crashNode', node: 'HV01' }],
      }),
    );
    // V1 fits on HV02; V2 would too on its own, but LUN1 is online on HV02 now and HV02 has no room: it waits.
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.to]), [['V1', 'HV02'], ['V2', null]]);
    assert.match(report.failovers[1].reason!, /HV03 is not where LUN1 is online \(HV02, with V1\)/);
    assert.equal(sim.state.disk('LUN1').owner, 'HV02');
  });
});

describe('failover threshold and failback', () => {
  /** A VM that fails over at each crash of its node, to the next in its list: HV01 -> HV02 -> HV03 -> HV01 ... */
  const hopping = (timeline: unknown[]) =>
    cluster({
      vms: [{ name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1', preferredOwners: ['HV01', 'HV02', 'HV03'] }],
      timeline,
    });

  it('at most n - 1 failovers of a VM in 6 hours: the next failure leaves it failed, with the reason', () => {
    const { sim, report } = runChecked(
      hopping([
        { at: '10s', do: 'crashNode', node: 'HV01' },
        { at: '100s', do: 'startNode', node: 'HV01' },
        { at: '200s', do: 'crashNode', node: 'HV02' },
        { at: '300s', do: 'startNode', node: 'HV02' },
        { at: '400s', do: 'crashNode', node: 'HV03' },
      ]),
    );
    assert.deepEqual(report.failovers.map((f) => [f.from, f.to]), [['HV01', 'HV02'], ['HV02', 'HV03'], ['HV03', null]]);
    const last = report.failovers[2];
    assert.match(last.reason!, /failover threshold reached: A already failed over 2 time\(s\) in the last 6 h, the most a 3-node cluster allows by default \(n - 1 = 2\); it stays failed/);
    assert.deepEqual(eventsOf(sim, 'failover.failed').map((e) => [e.t, e.final]), [[405, true]]);
    assert.deepEqual([report.vms[0].state, report.vms[0].node], ['failed', 'HV03']);
    // It stays failed even when a node joins later.
    assert.equal(sim.health.failoverOf('A')?.state, 'failed');
  });

  it('failovers older than 6 hours no longer count', () => {
    // FailoverPeriod's default, 6 hours (MSDN groups-failoverperiod).
    const six = 6 * 3600;
    const { report } = runChecked(
      hopping([
        { at: '10s', do: 'crashNode', node: 'HV01' },
        { at: '100s', do: 'startNode', node: 'HV01' },
        { at: '200s', do: 'crashNode', node: 'HV02' },
        { at: '300s', do: 'startNode', node: 'HV02' },
        { at: `${six + 300}s`, do: 'crashNode', node: 'HV03' },
      ]),
    );
    assert.deepEqual(report.failovers.map((f) => f.to), ['HV02', 'HV03', 'HV01']);
    assert.equal(report.vms[0].state, 'running');
  });

  it("a VM's own failoverThreshold: 1 failover allowed, the second failure within the period leaves it failed", () => {
    const { report } = runChecked(
      cluster({
        vms: [{ name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1', preferredOwners: ['HV01', 'HV02', 'HV03'], failoverThreshold: 1 }],
        timeline: [
          { at: '10s', do: 'crashNode', node: 'HV01' },
          { at: '100s', do: 'startNode', node: 'HV01' },
          { at: '200s', do: 'crashNode', node: 'HV02' },
        ],
      }),
    );
    assert.deepEqual(report.failovers.map((f) => [f.from, f.to]), [['HV01', 'HV02'], ['HV02', null]]);
    assert.match(report.failovers[1].reason!, /already failed over 1 time\(s\) in the last 6 h, the most its failoverThreshold allows \(1\); it stays failed/);
  });

  it('failoverThreshold 0: the VM never fails over', () => {
    const { report } = runChecked(
      cluster({
        vms: [{ name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1', failoverThreshold: 0 }],
        timeline: [{ at: '10s', do: 'crashNode', node: 'HV01' }],
      }),
    );
    assert.deepEqual(report.failovers.map((f) => [f.to, f.onlineAt]), [[null, null]]);
    assert.match(report.failovers[0].reason!, /already failed over 0 time\(s\) in the last 6 h, the most its failoverThreshold allows \(0\)/);
  });

  it("a VM's own failoverPeriod: with 1 failover in 1 hour, a second failure 2 hours later fails over again, one 30 minutes later does not", () => {
    const timeline = (second: string) => [
      { at: '10s', do: 'crashNode', node: 'HV01' },
      { at: '100s', do: 'startNode', node: 'HV01' },
      { at: second, do: 'crashNode', node: 'HV02' },
    ];
    const vm = { name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1', preferredOwners: ['HV01', 'HV02', 'HV03'], failoverThreshold: 1, failoverPeriod: '1h' };
    const late = runChecked(cluster({ vms: [vm], timeline: timeline('2h') })).report;
    assert.deepEqual(late.failovers.map((f) => f.to), ['HV02', 'HV03']);
    const soon = runChecked(cluster({ vms: [vm], timeline: timeline('30m') })).report;
    assert.deepEqual(soon.failovers.map((f) => f.to), ['HV02', null]);
    assert.match(soon.failovers[1].reason!, /in the last 1 h/);
  });

  it('no failback by default: a VM stays where it failed over when its preferred owner returns', () => {
    const { report } = runChecked(
      hopping([
        { at: '10s', do: 'crashNode', node: 'HV01' },
        { at: '100s', do: 'startNode', node: 'HV01' },
      ]),
    );
    assert.deepEqual(report.migrations, []);
    assert.equal(report.vms[0].node, 'HV02');
  });

  it('with settings.failback, it returns to its most preferred owner when that node rejoins: a move of its group, saved and restored', () => {
    const { report } = runChecked({
      ...hopping([
        { at: '10s', do: 'crashNode', node: 'HV01' },
        { at: '100s', do: 'startNode', node: 'HV01' },
      ]),
      settings: { failback: true, liveMigration: { networks: ['Live Migration'] } },
    });
    // HV01 joins at the next heartbeat (101 s); 4 GiB saved then restored at the CSV's 256 MiB/s: 16 s + 16 s.
    assert.deepEqual(
      report.migrations.map((m) => [m.type, m.cause, m.offlineAction, m.from, m.to, m.requestedAt, m.outcome, m.blackout]),
      [['quick', 'failback', 'save', 'HV02', 'HV01', 101, 'completed', 32]],
    );
    assert.equal(report.vms[0].node, 'HV01');
  });
});

describe('crash during a live migration', () => {
  const vm = { name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: busy, clients: 10, preferredOwners: ['HV01', 'HV03', 'HV02'] };

  it('the source dies: the migration fails, and the VM fails over from the source', () => {
    const { sim, report } = runChecked(
      cluster({
        vms: [vm],
        timeline: [
          { at: '10s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
          { at: '25s', do: 'crashNode', node: 'HV01' },
        ],
      }),
    );
    assert.deepEqual([report.migrations[0].outcome, report.migrations[0].reason], ['failed', 'source node HV01 went down']);
    assert.deepEqual(report.failovers.map((f) => [f.from, f.to, f.failedAt, f.onlineAt]), [['HV01', 'HV03', 25, 90]]);
    assert.deepEqual([report.vms[0].node, report.vms[0].state], ['HV03', 'running']);
    assert.equal(sim.state.node('HV02').reserved, 0, 'the shell on the target is freed');
    // The VM never ran again on the source: failed at the crash, booting at detection.
    const states = sim.log.events.filter((e) => e.kind === 'vm.state' && e.subject === 'A').map((e) => e.kind === 'vm.state' && e.state);
    assert.deepEqual(states, ['failed', 'booting', 'running']);
  });

  it('the source dies during the final copy (the VM suspended): it does not resume on the source', () => {
    const { sim, report } = runChecked(
      cluster({
        vms: [{ ...vm, workload: workload('1MB/s', '64MiB', 0.9) }],
        timeline: [{ at: '10s', do: 'liveMigrate', vm: 'A', to: 'HV02' }],
      }),
    );
    const suspended = eventsOf(sim, 'migration.suspended')[0];
    assert.ok(suspended);
    const again = runChecked(
      cluster({
        vms: [{ ...vm, workload: workload('1MB/s', '64MiB', 0.9) }],
        timeline: [
          { at: '10s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
          { at: `${suspended.t + 0.001}s`, do: 'crashNode', node: 'HV01' },
        ],
      }),
    );
    assert.equal(report.migrations[0].outcome, 'completed');
    assert.equal(again.report.migrations[0].outcome, 'failed');
    const states = again.sim.log.events.filter((e) => e.kind === 'vm.state' && e.subject === 'A').map((e) => e.kind === 'vm.state' && e.state);
    assert.deepEqual(states, ['suspended', 'failed', 'booting', 'running']);
    assert.equal(again.report.failovers[0].to, 'HV03');
  });

  it('the target dies: the migration fails, and the VM stays on the source, running, no failover', () => {
    const { report } = runChecked(
      cluster({
        vms: [vm],
        timeline: [
          { at: '10s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
          { at: '25s', do: 'crashNode', node: 'HV02' },
        ],
      }),
    );
    assert.deepEqual([report.migrations[0].outcome, report.migrations[0].reason], ['failed', 'target node HV02 went down']);
    assert.deepEqual(report.failovers, []);
    assert.deepEqual([report.vms[0].node, report.vms[0].state, report.vms[0].downtime, report.vms[0].clientsDisconnected], ['HV01', 'running', 0, 0]);
  });
});
