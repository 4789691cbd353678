import { strict as assert } from 'node:assert';
import { loadScenario } from '../../../src/engine';
import type { MigrationRecord } from '../../../src/engine/model/records';
import { invariantViolations } from '../../../src/engine/simulation/invariants';
import type { Simulation } from '../../../src/engine/simulation/simulation';
import { cluster, gbps, GiB, run, workload, type ScenarioJson } from '../../helpers/runScenario';

/**
 * The cost of a live migration besides its memory copy: a fixed setup before pass 1, a fixed
 * clean-up after the resume, both outside the blackout, and one TCP stream's throughput limit.
 * The figures below are worked out by hand from the settings each test gives.
 */

const still = workload('0MB/s', '1GiB', 0.9);
const LATENCY = 0.0001; // the "Live Migration" network of the test cluster
const CONFIG = 256 * 1024;

function checked(sim: Simulation): void {
  assert.deepEqual(invariantViolations(sim), [], `at t=${sim.now}`);
}

/** VM1 (`memory`, no writes unless given) live-migrated from HV01 to HV02 at 10 s. */
function migrate(lm: Record<string, unknown>, extra: ScenarioJson = {}, vm: Record<string, unknown> = {}) {
  return run(
    cluster({
      settings: { liveMigration: { networks: ['Live Migration'], ...lm } },
      vms: [{ name: 'VM1', owner: 'HV01', memory: '2GiB', disk: 'CSV1', workload: still, clients: 10, ...vm }],
      timeline: [{ at: '10s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' }],
      ...extra,
    }),
    checked,
  );
}

const passTotal = (m: MigrationRecord) => m.passes.reduce((t, p) => t + p.duration, 0);

describe('live migration: fixed costs and the stream', () => {
  it('setupTime falls before pass 1 and cleanupTime after the resume, outside the blackout: total = setup + passes + blackout + clean-up', () => {
    const { report } = migrate({ setupTime: '10s', cleanupTime: '5s' });
    const m = report.migrations[0];
    assert.equal(m.outcome, 'completed');
    // One stream on 1 Gbps: 95 % of it, 118.75 MB/s.
    const stream = 0.95 * gbps(1);
    const setup = CONFIG / stream + LATENCY + 10;
    assert.ok(Math.abs(m.setup! - setup) < 1e-9, `setup ${m.setup}, expected ${setup}`);
    assert.equal(m.cleanup, 5);
    // The blackout is only the device state (2 MiB): milliseconds, whatever the fixed costs.
    const blackout = (2 * 1024 * 1024) / stream + LATENCY;
    assert.ok(Math.abs(m.blackout! - blackout) < 1e-9, `blackout ${m.blackout}, expected ${blackout}`);
    assert.equal(m.clientsDisconnected, 0);
    const parts = m.setup! + passTotal(m) + m.blackout! + m.cleanup!;
    assert.ok(Math.abs(m.completedAt! - m.startedAt! - parts) < 1e-9, `took ${m.completedAt! - m.startedAt!}, the parts add to ${parts}`);
    assert.ok(Math.abs(m.passes[0].duration - ((2 * GiB) / stream + LATENCY)) < 1e-9);
  });

  it('"0s" fixed costs leave a migration that is only its copy', () => {
    const m = migrate({ setupTime: '0s', cleanupTime: '0s' }).report.migrations[0];
    const stream = 0.95 * gbps(1);
    const copy = CONFIG / stream + LATENCY + (2 * GiB) / stream + LATENCY + (2 * 1024 * 1024) / stream + LATENCY;
    assert.ok(Math.abs(m.completedAt! - m.startedAt! - copy) < 1e-9);
    assert.equal(m.cleanup, 0);
    // With the whole link for the stream too, the timing before these costs existed: an idle
    // 8 GiB VM on 1 Gbps in 68.739 s (256 KiB, 8 GiB and 2 MiB at 125 MB/s, three latencies).
    const old = migrate({ setupTime: '0s', cleanupTime: '0s', tcpEfficiency: 1, streamThroughput: '100Gbps' }, {}, { memory: '8GiB' }).report.migrations[0];
    assert.ok(Math.abs(old.completedAt! - old.requestedAt - 68.738651104) < 1e-6, `took ${old.completedAt! - old.requestedAt}`);
  });

  it('the target reserves the memory from the start; the source keeps its copy until the clean-up ends, and the migration keeps its slot until then', () => {
    const held: { t: number; kind: string; hv01: number; hv02: number; vm1: string }[] = [];
    const { report } = run(
      cluster({
        settings: { liveMigration: { networks: ['Live Migration'], cleanupTime: '4s' } },
        vms: [
          { name: 'VM1', owner: 'HV01', memory: '2GiB', disk: 'CSV1', workload: still },
          { name: 'VM2', owner: 'HV01', memory: '1GiB', disk: 'CSV1', workload: still },
        ],
        timeline: [
          { at: '10s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' },
          { at: '10s', do: 'liveMigrate', vm: 'VM2', to: 'HV03' },
        ],
      }),
      (sim) => {
        checked(sim);
        const e = sim.log.events.at(-1)!;
        if (e.subject === 'VM1' && e.kind.startsWith('migration.')) {
          held.push({ t: e.t, kind: e.kind, hv01: sim.state.node('HV01').reserved, hv02: sim.state.node('HV02').reserved, vm1: sim.state.vm('VM1').node });
        }
      },
    );
    const at = (kind: string) => held.find((h) => h.kind === kind)!;
    // The shell on HV02 holds VM1's 2 GiB from the start, beside VM1 and VM2 on HV01.
    assert.deepEqual([at('migration.started').hv01, at('migration.started').hv02], [3 * GiB, 2 * GiB]);
    // Resumed on HV02: HV01 still holds VM1's copy until the clean-up ends.
    assert.deepEqual([at('migration.resumed').vm1, at('migration.resumed').hv01, at('migration.resumed').hv02], ['HV02', 3 * GiB, 2 * GiB]);
    assert.deepEqual([at('migration.completed').hv01, at('migration.completed').hv02], [1 * GiB, 2 * GiB]);
    assert.equal(at('migration.completed').t - at('migration.resumed').t, 4);
    // VM2 waited for HV01's one slot (2008 R2: one live migration per node): until the clean-up's end.
    const [vm1, vm2] = report.migrations;
    assert.equal(vm2.requestedAt, 10);
    assert.equal(vm2.startedAt, vm1.completedAt);
  });

  it('one migration is one stream: capped at streamThroughput on 10 Gbps, at tcpEfficiency of the link on 1 Gbps', () => {
    const tenG = (lm: Record<string, unknown>) =>
      run(
        cluster({
          networks: [
            { name: 'Cluster', role: 'cluster', bandwidth: '1Gbps', latency: '0.1ms' },
            { name: 'Live Migration', role: 'cluster', bandwidth: '10Gbps', latency: '0.1ms' },
            { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps', latency: '0.3ms' },
          ],
          settings: { liveMigration: { networks: ['Live Migration'], ...lm } },
          vms: [{ name: 'VM1', owner: 'HV01', memory: '8GiB', disk: 'CSV1', workload: still }],
          timeline: [{ at: '10s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' }],
        }),
      ).report.migrations[0];
    const rate = (m: MigrationRecord) => m.passes[0].bytes / (m.passes[0].duration - LATENCY);
    const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual / expected - 1) < 1e-9, `${what}: ${actual}, expected ${expected}`);
    // The default: 5 Gbps, half of the 10 Gbps link.
    near(rate(tenG({})), gbps(5), 'default stream on 10 Gbps');
    near(rate(tenG({ streamThroughput: '7Gbps' })), gbps(7), 'a 7 Gbps stream');
    // Uncapped, the link's 10 Gbps less the headers' share.
    near(rate(tenG({ streamThroughput: '40Gbps', tcpEfficiency: 0.9 })), 0.9 * gbps(10), '90 % of 10 Gbps');
    // On 1 Gbps the link is the limit: 95 % of it by default, or the efficiency given.
    near(rate(migrate({}).report.migrations[0]), 0.95 * gbps(1), 'default on 1 Gbps');
    near(rate(migrate({ tcpEfficiency: 1 }).report.migrations[0]), gbps(1), 'the whole link');
    near(rate(migrate({ streamThroughput: '500Mbps' }).report.migrations[0]), gbps(0.5), 'a stream slower than the link');
  });

  it('the stop rule reads the rate the last pass achieved, the capped one: the blackout stays within its target', () => {
    // 10 Gbps of link but a 1 Gbps stream: if pre-copy judged the final copy at the link's rate it
    // would stop with ten times too many pages left and the blackout would overshoot the target.
    const m = run(
      cluster({
        networks: [
          { name: 'Cluster', role: 'cluster', bandwidth: '1Gbps', latency: '0.1ms' },
          { name: 'Live Migration', role: 'cluster', bandwidth: '10Gbps', latency: '0.1ms' },
          { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps', latency: '0.3ms' },
        ],
        settings: { liveMigration: { networks: ['Live Migration'], streamThroughput: '1Gbps', blackoutTarget: '100ms' } },
        vms: [{ name: 'VM1', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: workload('20MB/s', '4GiB', 0) }],
        timeline: [{ at: '10s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' }],
      }),
    ).report.migrations[0];
    assert.equal(m.stopReason, 'converged');
    assert.ok(m.passes.length >= 2);
    for (const p of m.passes) assert.ok(p.bytes / p.duration <= gbps(1) * (1 + 1e-9), `pass ${p.index} at ${p.bytes / p.duration}`);
    assert.ok(m.blackout! <= 0.1 + 0.01, `blackout ${m.blackout} within the 100 ms target`);
  });

  it('a target that goes down during the setup fails the migration; the shell is freed and the VM runs on', () => {
    const { report, sim } = migrate({}, { timeline: [{ at: '10s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' }, { at: '11s', do: 'crashNode', node: 'HV02' }] });
    const m = report.migrations[0];
    assert.equal(m.outcome, 'failed');
    assert.match(m.reason!, /target node HV02 went down/);
    assert.equal(m.completedAt, 11);
    assert.equal(m.setup, null, 'pass 1 never started');
    assert.deepEqual(report.vms[0], { vm: 'VM1', node: 'HV01', state: 'running', downtime: 0, clientsDisconnected: 0 });
    assert.equal(sim.state.node('HV01').reserved, 2 * GiB);
  });

  it('a network that fails during the setup is found broken at pass 1, the stream’s first send: the migration fails then', () => {
    const { report } = migrate({}, { timeline: [{ at: '10s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' }, { at: '11s', do: 'failNetwork', network: 'Live Migration' }] });
    const m = report.migrations[0];
    assert.equal(m.outcome, 'failed');
    assert.equal(m.reason, 'network "Live Migration" failed');
    const setupEnd = 10 + CONFIG / (0.95 * gbps(1)) + LATENCY + 2.5;
    assert.ok(Math.abs(m.completedAt! - setupEnd) < 1e-9, `failed at ${m.completedAt}, the setup ends at ${setupEnd}`);
    assert.equal(report.vms[0].node, 'HV01');
    // Back before the setup ends: the connection never noticed, and the migration goes on.
    const back = migrate({}, {
      timeline: [
        { at: '10s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' },
        { at: '11s', do: 'failNetwork', network: 'Live Migration' },
        { at: '12s', do: 'restoreNetwork', network: 'Live Migration' },
      ],
    }).report.migrations[0];
    assert.equal(back.outcome, 'completed');
  });

  describe('a node that goes down during the clean-up only cuts it short: the VM already runs on the target', () => {
    // When the clean-up of the undisturbed migration starts (its resume), plus half its 1 s.
    const probe = migrate({}).report.migrations[0];
    const midCleanup = `${(probe.completedAt! - probe.cleanup! + 0.5).toFixed(6)}s`;

    it('the source: the migration completes, the VM keeps running on the target, nothing fails over', () => {
      const { report, sim } = migrate({}, { timeline: [{ at: '10s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' }, { at: midCleanup, do: 'crashNode', node: 'HV01' }] });
      const m = report.migrations[0];
      assert.equal(m.outcome, 'completed');
      assert.ok(Math.abs(m.cleanup! - 0.5) < 1e-6, `clean-up ${m.cleanup}`);
      assert.equal(m.reason, null);
      assert.deepEqual(report.vms[0], { vm: 'VM1', node: 'HV02', state: 'running', downtime: m.blackout, clientsDisconnected: 0 });
      assert.deepEqual(report.failovers, []);
      assert.equal(sim.state.node('HV01').reserved, 0);
    });

    it('the target: the migration completes, then the VM fails over from the target as any VM of a crashed node', () => {
      const { report } = migrate({}, { timeline: [{ at: '10s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' }, { at: midCleanup, do: 'crashNode', node: 'HV02' }] });
      const m = report.migrations[0];
      assert.equal(m.outcome, 'completed');
      assert.ok(Math.abs(m.cleanup! - 0.5) < 1e-6);
      const [f] = report.failovers;
      assert.equal(f.vm, 'VM1');
      assert.equal(f.from, 'HV02');
      assert.equal(f.cause, 'nodeCrashed');
      assert.ok(f.to !== null && f.to !== 'HV02');
    });
  });

  it('old files load with the calibrated defaults; a stream of no throughput and an efficiency outside (0, 1] are errors at their path', () => {
    const text = (lm: Record<string, unknown>) => JSON.stringify(cluster({ settings: { liveMigration: lm } }), null, 2);
    const ok = loadScenario(text({}));
    assert.ok(ok.scenario);
    const { setupTime, cleanupTime, streamThroughput, tcpEfficiency } = ok.scenario.settings.liveMigration;
    // "2.5s", "1s", "5Gbps", 0.95, as docs/scenario-format.md gives them.
    assert.deepEqual([setupTime, cleanupTime, streamThroughput, tcpEfficiency], [2.5, 1, 625e6, 0.95]);
    const error = (lm: Record<string, unknown>) => loadScenario(text(lm)).diagnostics.find((d) => d.severity === 'error');
    const zero = error({ streamThroughput: '0Gbps' });
    assert.deepEqual(zero?.path, ['settings', 'liveMigration', 'streamThroughput']);
    assert.match(zero!.message, /is zero/);
    assert.match(zero!.hint!, /more than zero/);
    for (const bad of [0, 1.5, -0.2]) {
      const e = error({ tcpEfficiency: bad });
      assert.deepEqual(e?.path, ['settings', 'liveMigration', 'tcpEfficiency'], String(bad));
    }
    assert.deepEqual(error({ setupTime: '5' })?.path, ['settings', 'liveMigration', 'setupTime']);
  });
});
