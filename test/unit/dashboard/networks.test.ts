// Each network's utilisation over time, by traffic kind, as the Networks panel charts it.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { NetworkSample, NetworkView, TrafficKind } from '../../../src/protocol';
import { appendSamples } from '../../../src/protocolState';
import { TRAFFIC_KINDS } from '../../../src/protocolValidation';
import { Driver } from './driver';

const network = (d: Driver, name: string): NetworkView => {
  const n = d.model.state().networks.find((x) => x.name === name);
  assert.ok(n, name);
  return n;
};

/** What the chart draws at time t: the last sample at or before t (rates hold between samples). */
function at(n: NetworkView, t: number, kind: TrafficKind): number {
  let value = 0;
  for (const s of n.samples) if (s.t <= t) value = s.byKind[kind];
  return value;
}

describe('dashboard model: network utilisation by traffic kind (article example)', () => {
  const d = new Driver('article-cluster.cluster.json');

  before(() => {
    d.runToEnd();
  });

  it('lists every network with its role and full scale', () => {
    assert.deepEqual(
      d.model.state().networks.map((n) => [n.name, n.role, n.bandwidth]),
      [
        ['Cluster Internal', 'cluster', 125e6],
        ['LAN', 'clusterAndClient', 125e6],
        ['iSCSI', 'none', 125e6],
      ],
    );
  });

  it("carries SQL01's live migration on Cluster Internal while it runs, and only then", () => {
    const net = network(d, 'Cluster Internal');
    const m = d.migration('SQL01');
    assert.equal(at(net, 29, 'liveMigration'), 0, 'before');
    // Requested at 30 s: the shell VM is set up on HV02 for 2.5 s (nothing on the wire once the
    // configuration is across), then the passes run at one stream's rate, 95 % of 1 Gbps.
    assert.equal(at(net, 31, 'liveMigration'), 0, 'during the setup');
    for (const t of [33, 60, 90, 110]) {
      const rate = at(net, t, 'liveMigration');
      assert.ok(Math.abs(rate - 0.95 * 125e6) < 1, `at ${t}s: ${rate}`);
    }
    assert.equal(at(net, (m.completedAt ?? 0) + 1, 'liveMigration'), 0, 'after');
    for (const other of ['LAN', 'iSCSI']) assert.ok(network(d, other).samples.every((s) => s.byKind.liveMigration === 0), other);
  });

  it("carries FS01's save and restore as storage traffic on iSCSI", () => {
    const iscsi = network(d, 'iSCSI');
    const before = at(iscsi, 590, 'storage');
    assert.ok(at(iscsi, 605, 'storage') > before, 'the save adds to what the VMs write');
    assert.ok(at(iscsi, 625, 'storage') > before, 'so does the restore');
  });

  it('keeps a sample per change, not per update: time in order, flat stretches as two samples', () => {
    for (const n of d.model.state().networks) {
      for (let i = 1; i < n.samples.length; i++) assert.ok(n.samples[i].t >= n.samples[i - 1].t, `${n.name} in time order`);
      assert.ok(n.samples.length < 200, `${n.name}: ${n.samples.length} samples for a ${d.now}s run`);
      assert.equal(n.samples[0].t, 0);
      for (const s of n.samples) assert.deepEqual(Object.keys(s.byKind).sort(), [...TRAFFIC_KINDS].sort());
    }
    // A flat stretch ends with its last observation just before the change.
    const net = network(d, 'Cluster Internal');
    const start = net.samples.findIndex((s) => s.byKind.liveMigration > 0);
    assert.ok(start > 0);
    assert.equal(net.samples[start].t, 30);
    assert.equal(net.samples[start - 1].t, 29.75, 'the idle stretch shown up to the last update before the migration');
  });
});

describe('dashboard model: a network that fails', () => {
  it('shows it down, with its samples going on', () => {
    const d = new Driver('live-migration-shared-network.cluster.json');
    d.runTo(5);
    d.model.takeChanges();
    d.sim.request({ do: 'failNetwork', network: 'LAN' });
    d.feed();
    const { changes } = d.model.takeChanges();
    const change = changes.find((c) => c.kind === 'network' && c.name === 'LAN');
    assert.ok(change && change.kind === 'network');
    assert.equal(change.up, false);
    assert.equal(network(d, 'LAN').up, false);
    assert.equal(network(d, 'Cluster').up, true);
  });
});

describe('dashboard protocol: a series keeps its recent samples and thins its old ones', () => {
  const sample = (t: number): NetworkSample => ({ t, byKind: { liveMigration: t, redirectedIo: 0, metadata: 0, storage: 0 } });

  it('never holds more than the limit, keeps the newest at full resolution and the oldest sample', () => {
    let series: NetworkSample[] = [];
    for (let t = 0; t < 5000; t++) series = appendSamples(series, [sample(t)], 600);
    assert.ok(series.length <= 600);
    assert.equal(series[0].t, 0, 'the start of the run stays');
    const recent = series.slice(-150).map((s) => s.t);
    assert.deepEqual(recent, Array.from({ length: 150 }, (_, i) => 4850 + i), 'the latest ones all kept');
    for (let i = 1; i < series.length; i++) assert.ok(series[i].t > series[i - 1].t);
  });

  it('gives the same series however the samples were batched into messages', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1500 }), fc.array(fc.integer({ min: 1, max: 120 }), { maxLength: 40 }), (n, cuts) => {
        const all = Array.from({ length: n }, (_, t) => sample(t));
        const whole = appendSamples([], all, 100);
        let batched: NetworkSample[] = [];
        let i = 0;
        for (const size of [...cuts, n]) {
          batched = appendSamples(batched, all.slice(i, i + size), 100);
          i += size;
          if (i >= n) break;
        }
        assert.deepEqual(batched, whole);
      }),
    );
  });
});
