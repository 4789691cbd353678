import { strict as assert } from 'node:assert';
import type { MigrationRecord } from '../../../src/engine/model/records';
import { cluster, gbps, GiB, PAGE, run, workload, type ScenarioJson } from '../../helpers/runScenario';

/**
 * One migration's stream on the 1 Gbps "Live Migration" network with the documented defaults:
 * tcpEfficiency 0.95 of the link (streamThroughput, 5 Gbps, is above it).
 */
const STREAM = 0.95 * gbps(1);

/** One VM on HV01, live-migrated to HV02 at 10 s over the "Live Migration" network. */
function oneMigration(vm: ScenarioJson, extra: ScenarioJson = {}): MigrationRecord {
  const { report } = run(
    cluster({
      vms: [{ name: 'VM1', owner: 'HV01', disk: 'CSV1', clients: 25, ...vm }],
      timeline: [{ at: '10s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' }],
      ...extra,
    }),
  );
  assert.equal(report.migrations.length, 1);
  return report.migrations[0];
}

/** Expected distinct pages dirtied by w uniform page writes per second over N pages in t seconds. */
const distinctUniform = (n: number, w: number, t: number) => n * (1 - Math.exp((-w * t) / n));

describe('live migration', () => {
  it('copies an idle VM in one pass: time = setup + memory / stream rate + blackout + clean-up, blackout of milliseconds', () => {
    const memory = 8 * GiB;
    const m = oneMigration({ memory: '8GiB', workload: workload('0MB/s', '1GiB', 0.9) });
    assert.equal(m.outcome, 'completed');
    assert.equal(m.network, 'Live Migration');
    assert.equal(m.passes.length, 1);
    assert.equal(m.passes[0].pages, memory / PAGE);
    assert.equal(m.passes[0].dirtiedPages, 0);
    assert.equal(m.stopReason, 'converged');
    assert.equal(m.finalPages, 0);

    // 8 GiB at 95 % of 1 Gbps (118.75 MB/s): 72.336 s, plus the link's 0.1 ms.
    const pass = 72.336391301;
    assert.ok(Math.abs(m.passes[0].duration - pass) < 1e-6, `pass took ${m.passes[0].duration}, expected ${pass}`);
    // The device state, 2 MiB, sent while the VM is suspended: 17.66 ms + 0.1 ms.
    const blackout = 0.017760227;
    // Setup: the configuration (256 KiB: 2.2 ms + 0.1 ms) and the shell VM (2.5 s).
    const setup = 2.502307528;
    // Then the pass, the blackout and the clean-up (1 s): 75.857 s in all.
    const total = setup + pass + blackout + 1;
    assert.ok(Math.abs(m.setup! - setup) < 1e-6, `setup ${m.setup}, expected ${setup}`);
    assert.equal(m.cleanup, 1);
    assert.ok(Math.abs(m.completedAt! - m.requestedAt - total) < 1e-6, `took ${m.completedAt! - m.requestedAt}, expected ${total}`);
    assert.ok(Math.abs(m.blackout! - blackout) < 1e-6);
    assert.ok(m.blackout! < 0.05, 'a blackout of milliseconds');
    assert.equal(m.clientsDisconnected, 0);
  });

  it('sizes each pass by the distinct pages a uniform workload dirtied, N·(1 − e^(−w·t/N)), and converges', () => {
    const pages = GiB / PAGE;
    const writesPerSecond = 20e6 / PAGE;
    const m = oneMigration({ memory: '1GiB', workload: workload('20MB/s', '1GiB', 0) });
    assert.equal(m.outcome, 'completed');
    assert.equal(m.stopReason, 'converged');
    assert.ok(m.passes.length >= 3, `several passes, got ${m.passes.length}`);
    for (const p of m.passes) {
      const expected = distinctUniform(pages, writesPerSecond, p.duration);
      const tolerance = Math.max(0.03 * expected, 5 * Math.sqrt(expected));
      assert.ok(Math.abs(p.dirtiedPages - expected) <= tolerance, `pass ${p.index}: ${p.dirtiedPages} dirtied, expected ${expected.toFixed(0)}`);
    }
    // Each pass copies exactly what the previous one saw dirtied.
    for (let i = 1; i < m.passes.length; i++) assert.equal(m.passes[i].pages, m.passes[i - 1].dirtiedPages);
    assert.equal(m.finalPages, m.passes.at(-1)!.dirtiedPages);
    assert.ok(m.blackout! <= 0.03 + 0.005, `blackout ${m.blackout} within the 30 ms target (estimate from the last pass's rate)`);
  });

  it('stops at maxPasses when writes outrun the network, with a blackout that breaks client connections', () => {
    // Uniform writes at 1.26x the stream (150 MB/s into 118.75 MB/s): each pass shrinks (to a
    // fixed point near a third of memory) but never enough; what is left after 8 passes takes
    // longer than tcpTimeout to send.
    const m = oneMigration({ memory: '8GiB', workload: workload('150MB/s', '8GiB', 0) });
    assert.equal(m.outcome, 'completed');
    assert.equal(m.passes.length, 8);
    assert.equal(m.stopReason, 'maxPasses');
    for (let i = 1; i < m.passes.length; i++) assert.ok(m.passes[i].pages < m.passes[i - 1].pages, 'the dirty set still shrinks');
    // The last dirty pages and the 2 MiB of device state.
    const finalCopy = (m.finalPages * PAGE + 2 * 1024 * 1024) / STREAM;
    assert.ok(Math.abs(m.blackout! - finalCopy) < 0.01);
    assert.ok(m.blackout! > 20, `blackout ${m.blackout} longer than the default tcpTimeout`);
    assert.equal(m.clientsDisconnected, 25);
  });

  it('honours a smaller maxPasses', () => {
    const m = oneMigration({ memory: '8GiB', workload: workload('150MB/s', '8GiB', 0) }, { settings: { liveMigration: { maxPasses: 3, networks: ['Live Migration'] } } });
    assert.equal(m.passes.length, 3);
    assert.equal(m.stopReason, 'maxPasses');
  });

  it('stops with notConverging when the dirty set stops shrinking', () => {
    // 4 GB/s into a 1 GiB working set dirties all of it in every pass.
    const m = oneMigration({ memory: '4GiB', workload: workload('4GB/s', '1GiB', 1) });
    assert.equal(m.stopReason, 'notConverging');
    assert.equal(m.passes.length, 2);
    assert.equal(m.passes[1].dirtiedPages, GiB / PAGE);
    assert.equal(m.outcome, 'completed');
  });

  it('converges in few passes when the hot working set is smaller than one pass can copy', () => {
    const m = oneMigration({ memory: '4GiB', workload: workload('20MB/s', '256MiB', 1) });
    assert.equal(m.stopReason, 'converged');
    assert.ok(m.passes.length <= 5, `${m.passes.length} passes`);
    // Pass 2 is bounded by the working set: nothing outside it was written.
    assert.ok(m.passes[1].pages <= (256 * 2 ** 20) / PAGE);
    assert.ok(m.blackout! < 0.05);
  });

  it('is deterministic: the same scenario and seed give the same passes and event log', () => {
    const json = cluster({
      vms: [{ name: 'VM1', owner: 'HV01', memory: '2GiB', disk: 'CSV1', workload: 'database' }],
      timeline: [{ at: '1s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' }],
    });
    const a = run(json);
    const b = run(json);
    assert.equal(a.sim.log.serialize(), b.sim.log.serialize());
    const c = run({ ...json, seed: 12 });
    assert.notDeepEqual(c.report.migrations[0].passes, a.report.migrations[0].passes);
  });
});
