// What the dashboard's migration panels show, from real engine runs of the examples: the passes
// (equal to the engine's records), the running pass with its progress, dirty-bitmap density and
// throughput, the stop reason, blackout and clients after, and quick migrations' phases.
import { strict as assert } from 'node:assert';
import { takeSnapshot } from '../../../src/engine';
import type { LiveMigration } from '../../../src/engine/migration/liveMigration';
import { PAGE_SIZE } from '../../../src/engine/scenario/model';
import { pagesIn } from '../../../src/extension/dashboard/model/migrations';
import type { MigrationView } from '../../../src/protocol';
import { Driver, exampleText, simulationOf } from './driver';

const ARTICLE = 'article-cluster.cluster.json';
const GiB = 1024 ** 3;

/** The only live migration running now. */
function running(d: Driver): LiveMigration {
  const live = d.sim.migrations.liveMigrations();
  assert.equal(live.length, 1, 'one live migration running');
  return live[0];
}

/** Rates of the live-migration flows on a network now. */
function liveFlows(d: Driver, network: string): number[] {
  return d.sim.network.activeFlows(network).filter((f) => f.tag === 'liveMigration').map((f) => f.rate);
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function assertDensity(m: MigrationView, memory: number): void {
  assert.ok(m.dirtyDensity, 'a density while a pass runs');
  assert.equal(m.dirtyDensity.length, 256);
  for (const x of m.dirtyDensity) assert.ok(x >= 0 && x <= 1, `density ${x} in [0, 1]`);
  assert.equal(m.dirtyPages, pagesIn(m.dirtyDensity, memory / PAGE_SIZE), 'the dirty set is what the strip draws');
}

describe('dashboard model: a live migration, pass by pass (article example, SQL01)', () => {
  const d = new Driver(ARTICLE);
  const record = () => d.sim.records.migrations[0];

  it('shows no migration before the timeline asks for one', () => {
    d.runTo(29);
    assert.deepEqual(d.model.state().migrations, []);
  });

  it('mid pass 1: the pass, its progress, the dirty bitmap as a density, the throughput of its flow', () => {
    d.runTo(60);
    const m = d.migration('SQL01');
    assert.equal(m.id, 'm0');
    assert.deepEqual([m.type, m.from, m.to, m.network, m.outcome, m.requestedAt, m.startedAt, m.completedAt], ['live', 'HV01', 'HV02', 'Cluster Internal', 'running', 30, 30, null]);
    assert.deepEqual(m.passes, []);
    assert.ok(m.currentPass);
    assert.equal(m.currentPass.index, 1);
    assert.equal(m.currentPass.pages, (8 * GiB) / PAGE_SIZE, 'pass 1 sends every page');
    const progress = takeSnapshot(d.sim).vms.find((v) => v.name === 'SQL01')?.migration?.progress;
    assert.equal(m.currentPass.progress, progress, "the engine's progress");
    assert.ok(m.currentPass.progress > 0.3 && m.currentPass.progress < 0.6, `${m.currentPass.progress}`);
    assertDensity(m, 8 * GiB);
    assert.ok((m.dirtyPages ?? 0) > 0);
    // The database's working set (2 GiB of 8) is written far more often: the strip shows it.
    assert.equal(m.hotFraction, 0.25);
    const density = m.dirtyDensity ?? [];
    assert.ok(mean(density.slice(0, 64)) > 2 * mean(density.slice(64)), 'the hot quarter is denser');
    const flows = liveFlows(d, 'Cluster Internal');
    assert.equal(flows.length, 1);
    assert.ok(m.throughput > 0);
    assert.equal(m.throughput, flows[0], "the rate of the migration's flow");
    const traffic = takeSnapshot(d.sim).networks.find((n) => n.name === 'Cluster Internal')?.traffic.liveMigration;
    assert.equal(m.throughput, traffic);
    // One migration's stream on 1 Gbps: 95 % of the link (the default tcpEfficiency).
    assert.ok(Math.abs(m.throughput - 0.95 * 125e6) < 1, `${m.throughput}: 95 % of 1 Gbps`);
    assert.equal(m.clients, 40);
  });

  it('mid pass 3: its pages are what pass 2 saw dirtied; the passes so far equal the records', () => {
    d.stepUntil(() => running(d).passIndex === 3);
    d.runTo(d.now + 1);
    const m = d.migration('SQL01');
    assert.equal(m.passes.length, 2);
    assert.deepEqual(m.passes, record().passes);
    assert.deepEqual(m.currentPass && [m.currentPass.index, m.currentPass.pages], [3, record().passes[1].dirtiedPages]);
    assert.ok((m.currentPass?.progress ?? 0) > 0 && (m.currentPass?.progress ?? 1) < 1);
    assertDensity(m, 8 * GiB);
    assert.equal(m.throughput, liveFlows(d, 'Cluster Internal')[0]);
    assert.equal(m.stopReason, null);
    assert.equal(m.blackout, null);
  });

  it('after: every pass as recorded, the stop reason, the blackout, the clients kept', () => {
    d.runTo(200);
    const m = d.migration('SQL01');
    const r = record();
    assert.equal(m.outcome, 'completed');
    assert.equal(m.completedAt, r.completedAt);
    assert.deepEqual(m.passes, r.passes);
    assert.ok(m.passes.length >= 3);
    assert.deepEqual(
      m.passes.map((p) => p.index),
      m.passes.map((_, i) => i + 1),
    );
    assert.equal(m.stopReason, 'converged');
    assert.equal(m.stopReason, r.stopReason);
    assert.equal(m.finalPages, r.finalPages);
    assert.equal(m.blackout, r.blackout);
    assert.ok((m.blackout ?? 1) < 0.1, 'a blackout of milliseconds');
    assert.deepEqual([m.clients, m.clientsDisconnected], [40, 0], 'every client kept');
    assert.deepEqual([m.currentPass, m.dirtyPages, m.dirtyDensity, m.throughput], [null, null, null, 0]);
  });

  it('a request the cluster refuses shows as a failed migration with its reason', () => {
    d.sim.request({ do: 'liveMigrate', vm: 'WEB01', to: 'HV02' });
    d.feed();
    const m = d.migration('WEB01');
    assert.equal(m.outcome, 'failed');
    assert.ok(m.reason && m.reason.length > 0);
    assert.equal(m.startedAt, null);
  });
});

describe('dashboard model: two live migrations sharing a network (live-migration-shared-network)', () => {
  it("each one's throughput is its flow's rate: half of HV01's port each", () => {
    const d = new Driver('live-migration-shared-network.cluster.json');
    d.runTo(20);
    const sql = d.migration('SQL01');
    const web = d.migration('WEB01');
    assert.equal(sql.outcome, 'running');
    assert.equal(web.outcome, 'running');
    const flows = d.sim.network.activeFlows('Live Migration').filter((f) => f.tag === 'liveMigration');
    assert.equal(flows.length, 2);
    const rateTo = (to: string): number => flows.filter((f) => f.to === to).reduce((a, f) => a + f.rate, 0);
    assert.equal(sql.throughput, rateTo('HV02'));
    assert.equal(web.throughput, rateTo('HV03'));
    assert.ok(Math.abs(sql.throughput - 62.5e6) < 1e5 && Math.abs(web.throughput - 62.5e6) < 1e5, `${sql.throughput} ${web.throughput}`);
    assertDensity(sql, 16 * GiB);
    assertDensity(web, 4 * GiB);
  });
});

describe('dashboard model: quick migrations, phase by phase on the run\'s time axis', () => {
  it('on a CSV (article example, FS01): save, then restore, with the outage and the clients lost', () => {
    const d = new Driver(ARTICLE);
    d.runTo(605);
    let m = d.migration('FS01');
    assert.deepEqual([m.type, m.network, m.outcome], ['quick', null, 'running']);
    assert.deepEqual(m.phases, [{ phase: 'save', from: 600, to: null }]);
    const saving = d.sim.network.activeFlows().filter((f) => f.tag === 'storage' && f.label === 'FS01 save');
    assert.equal(saving.length, 1);
    assert.ok(m.throughput > 0);
    assert.equal(m.throughput, saving[0].rate, "the save's storage flow");
    assert.equal(m.currentPass, null);
    d.runTo(700);
    m = d.migration('FS01');
    const r = d.sim.records.migrations[1];
    assert.equal(m.outcome, 'completed');
    assert.deepEqual(
      m.phases.map((p) => p.phase),
      ['save', 'restore'],
    );
    const [save, restore] = m.phases;
    assert.equal(save.from, 600);
    assert.equal(save.to, restore.from, 'the restore starts as the save ends');
    assert.equal(restore.to, r.completedAt);
    assert.ok((save.to ?? 0) > 610 && (save.to ?? 0) < 625, `${save.to}`);
    assert.equal(m.blackout, r.blackout);
    assert.deepEqual([m.clients, m.clientsDisconnected], [15, 15], 'an outage longer than the TCP timeout');
    assert.equal(m.throughput, 0);
  });

  it('on a classic disk (quick-migration-classic-disk): save, disk move, restore, and the VM that moves with it', () => {
    const d = new Driver('quick-migration-classic-disk.cluster.json');
    d.runToEnd();
    const m = d.migration('APP01');
    assert.equal(m.outcome, 'completed');
    assert.deepEqual(m.movedWith, ['APP02']);
    assert.deepEqual(
      m.phases.map((p) => p.phase),
      ['save', 'diskMove', 'restore'],
    );
    for (let i = 1; i < m.phases.length; i++) assert.equal(m.phases[i].from, m.phases[i - 1].to, 'phases follow each other');
    const move = m.phases[1];
    assert.ok(Math.abs((move.to ?? 0) - move.from - 1.0) < 1e-9, 'offline 0.3 s, online 0.7 s');
    assert.equal(m.phases[0].from, m.startedAt);
    assert.equal(m.phases[2].to, m.completedAt);
    // The live migration beside it has no phases.
    assert.deepEqual(d.migration('SQL01').phases, []);
  });
});

describe('dashboard model: reading the dirty bitmap', () => {
  it('with the strip off (dashboard hidden), the run is the one the CLI would make, draw for draw', () => {
    const plain = simulationOf(exampleText(ARTICLE));
    plain.run();
    const watched = new Driver(ARTICLE, 0.25, false);
    watched.runToEnd();
    assert.equal(watched.sim.log.serialize(), plain.log.serialize());
    const m = watched.migration('SQL01');
    assert.deepEqual(m.passes, plain.records.migrations[0].passes);
  });

  it('with the strip off, a running pass still shows its progress, without a density', () => {
    const d = new Driver(ARTICLE, 0.25, false);
    d.runTo(60);
    const m = d.migration('SQL01');
    assert.equal(m.currentPass?.index, 1);
    assert.equal(m.dirtyDensity, null);
    assert.equal(m.dirtyPages, null);
  });
});
