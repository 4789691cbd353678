import { strict as assert } from 'node:assert';
import { Kernel, Random } from '../../../src/engine/kernel';
import type { Flow, FlowFailReason, TrafficClass } from '../../../src/engine/network/flow';
import { NetworkModel, type NetworkChange } from '../../../src/engine/network/networkModel';
import type { NetworkSpec } from '../../../src/engine/scenario/model';
import { assertMaxMinFair } from './fairness';

const GBPS = 1e9 / 8; // bytes per second
const NODES = ['HV01', 'HV02', 'HV03', 'HV04', 'HV05'];

function spec(name: string, bandwidth: number, latency: number, nodes: readonly string[] = NODES): NetworkSpec {
  return { name, role: 'cluster', bandwidth, latency, gateway: false, metric: 1000, autoMetric: false, nodes, path: ['networks', 0] };
}

function close(actual: number, expected: number, what = ''): void {
  assert.ok(
    Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
    `${what}: expected ${expected}, got ${actual}`,
  );
}

function setup(networks: NetworkSpec[] = [spec('Cluster', GBPS, 0.0002)]) {
  const kernel = new Kernel();
  const model = new NetworkModel(kernel, networks, NODES);
  return { kernel, model };
}

/** Records when each flow completes or fails. */
function tracker(kernel: Kernel) {
  const completedAt = new Map<Flow, number>();
  const failed: { flow: Flow; reason: FlowFailReason; t: number }[] = [];
  return {
    completedAt,
    failed,
    onComplete: (f: Flow) => completedAt.set(f, kernel.now),
    onFail: (flow: Flow, reason: FlowFailReason) => failed.push({ flow, reason, t: kernel.now }),
  };
}

describe('NetworkModel', () => {
  describe('fair shares', () => {
    it('splits one NIC evenly between two flows out of it', () => {
      const { model } = setup();
      const a = model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV02', bytes: 1e9, tag: 'liveMigration' });
      const b = model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV03', bytes: 1e9, tag: 'liveMigration' });
      assert.equal(a.rate, GBPS / 2);
      assert.equal(b.rate, GBPS / 2);
    });

    it('shares a receiver bottleneck and gives the rest of a sender to its other flow', () => {
      const { model } = setup();
      const start = (from: string, to: string) =>
        model.startFlow({ network: 'Cluster', from, to, bytes: Infinity, tag: 'liveMigration' });
      // Three senders into HV04: HV04's receive side is the bottleneck (1/3 each).
      const intoHv04 = [start('HV01', 'HV04'), start('HV02', 'HV04'), start('HV03', 'HV04')];
      // HV01 also sends to HV05: it gets what HV01's transmit side has left.
      const other = start('HV01', 'HV05');
      for (const f of intoHv04) close(f.rate, GBPS / 3, 'into HV04');
      close(other.rate, GBPS - GBPS / 3, 'HV01 -> HV05');
    });

    it('lets a capped flow leave its share to the others (max-min)', () => {
      const { model } = setup();
      const cap = GBPS / 10;
      const capped = model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV02', bytes: Infinity, maxRate: cap, tag: 'storage' });
      const free = model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV03', bytes: Infinity, tag: 'liveMigration' });
      close(capped.rate, cap);
      close(free.rate, GBPS - cap);
    });

    it('follows setMaxRate: pausing with 0 drops the completion event, lifting the cap brings it back', () => {
      const { kernel, model } = setup();
      const bytes = 3 * GBPS;
      const f = model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV02', bytes, tag: 'liveMigration' });
      kernel.runUntil(1);
      model.setMaxRate(f, 0);
      assert.equal(f.rate, 0);
      assert.equal(f.completesAt, null);
      kernel.runUntil(5);
      close(f.bytesDone(), GBPS * 1, 'paused progress');
      model.setMaxRate(f, Infinity);
      close(f.completesAt!, 5 + (bytes - GBPS) / GBPS + model.latency('Cluster'), 'resumed completion');
    });
  });

  describe('completion', () => {
    it('completes a transfer at bytes / rate + latency', () => {
      const latency = 0.0005;
      const { kernel, model } = setup([spec('LM', 10 * GBPS, latency)]);
      const t = tracker(kernel);
      const bytes = 8 * 2 ** 30;
      const f = model.startFlow({ network: 'LM', from: 'HV01', to: 'HV02', bytes, tag: 'liveMigration', ...t });
      const expected = bytes / (10 * GBPS) + latency;
      close(f.completesAt!, expected, 'scheduled');
      kernel.runAll();
      close(t.completedAt.get(f)!, expected, 'completed');
      assert.equal(f.state, 'completed');
      assert.equal(f.bytesDone(), bytes);
      assert.equal(f.remaining(), 0);
      assert.equal(f.rate, 0);
    });

    it('moves a completion when a second flow takes half the link midway, and gives the share back', () => {
      const latency = 0.0002;
      const { kernel, model } = setup([spec('Cluster', GBPS, latency)]);
      const t = tracker(kernel);
      const b1 = 4 * GBPS; // 4 s alone
      const b2 = 6 * GBPS;
      const t1 = 1;
      const f1 = model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV02', bytes: b1, tag: 'liveMigration', ...t });
      close(f1.completesAt!, b1 / GBPS + latency, 'f1 alone');
      kernel.runUntil(t1);
      const f2 = model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV03', bytes: b2, tag: 'liveMigration', ...t });
      assert.equal(f1.rateChangedAt, t1);
      close(f1.bytesDone(), GBPS * t1, 'f1 progress at t1');
      // From t1 both run at half rate; f1 keeps its share until it completes (latency included).
      const end1 = t1 + (b1 - GBPS * t1) / (GBPS / 2) + latency;
      close(f1.completesAt!, end1, 'f1 moved');
      // f2 runs at half rate until end1, then alone at full rate.
      const end2 = end1 + (b2 - (end1 - t1) * (GBPS / 2)) / GBPS + latency;
      kernel.runUntil(end1);
      close(t.completedAt.get(f1)!, end1, 'f1 completed');
      close(f2.rate, GBPS, 'f2 got the share back');
      kernel.runAll();
      close(t.completedAt.get(f2)!, end2, 'f2 completed earlier thanks to the share');
    });

    it('leaves flows in another component alone (other nodes, other network)', () => {
      const { kernel, model } = setup([spec('Cluster', GBPS, 0.0002), spec('LM', 10 * GBPS, 0.0002)]);
      const touched = model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV02', bytes: 1e9, tag: 'liveMigration' });
      const otherNodes = model.startFlow({ network: 'Cluster', from: 'HV03', to: 'HV04', bytes: 1e9, tag: 'liveMigration' });
      const otherNetwork = model.startFlow({ network: 'LM', from: 'HV01', to: 'HV02', bytes: 1e10, tag: 'liveMigration' });
      const before = [touched, otherNodes, otherNetwork].map((f) => f.completesAt);
      kernel.runUntil(1);
      const recomputed = model.stats.flowsRecomputed;
      const added = model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV05', bytes: 1e9, tag: 'liveMigration' });
      // Only the component of HV01's transmit side and HV05's receive side was recomputed.
      assert.equal(model.stats.flowsRecomputed - recomputed, 2);
      assert.equal(touched.rateChangedAt, 1, 'the flow sharing HV01 was rescheduled');
      assert.notEqual(touched.completesAt, before[0]);
      for (const f of [otherNodes, otherNetwork]) assert.equal(f.rateChangedAt, 0, `flow ${f.id} untouched`);
      assert.equal(otherNodes.completesAt, before[1]);
      assert.equal(otherNetwork.completesAt, before[2]);
      kernel.runUntil(2);
      added.cancel();
      assert.equal(touched.rateChangedAt, 2);
      for (const f of [otherNodes, otherNetwork]) assert.equal(f.rateChangedAt, 0, `flow ${f.id} untouched`);
      assert.equal(otherNodes.completesAt, before[1]);
      assert.equal(otherNetwork.completesAt, before[2]);
    });

    it('completes a zero-byte flow one latency later', () => {
      const latency = 0.001;
      const { kernel, model } = setup([spec('Cluster', GBPS, latency)]);
      const t = tracker(kernel);
      const f = model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV02', bytes: 0, tag: 'metadata', ...t });
      kernel.runAll();
      assert.equal(t.completedAt.get(f), latency);
    });

    it('does not move a completion once every byte is sent (the last byte is in flight)', () => {
      const latency = 0.5; // exaggerated to open a window
      const { kernel, model } = setup([spec('WAN', GBPS, latency)]);
      const t = tracker(kernel);
      const f = model.startFlow({ network: 'WAN', from: 'HV01', to: 'HV02', bytes: GBPS, tag: 'liveMigration', ...t });
      kernel.runUntil(1.2); // sent at 1, arrives at 1.5
      model.startFlow({ network: 'WAN', from: 'HV01', to: 'HV03', bytes: Infinity, tag: 'liveMigration' });
      kernel.runUntil(2);
      close(t.completedAt.get(f)!, 1 + latency);
    });
  });

  describe('streams', () => {
    it('never complete and still take their share', () => {
      const latency = 0.0002;
      const { kernel, model } = setup([spec('Cluster', GBPS, latency)]);
      const t = tracker(kernel);
      const stream = model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV02', bytes: Infinity, tag: 'storage', ...t });
      assert.equal(stream.completesAt, null);
      const bytes = 2 * GBPS;
      const f = model.startFlow({ network: 'Cluster', from: 'HV03', to: 'HV02', bytes, tag: 'liveMigration', ...t });
      close(f.rate, GBPS / 2);
      const end = bytes / (GBPS / 2) + latency;
      kernel.runAll();
      close(t.completedAt.get(f)!, end);
      assert.equal(t.completedAt.has(stream), false);
      assert.equal(stream.state, 'active');
      assert.equal(stream.rate, GBPS);
      assert.equal(stream.remaining(), Infinity);
      kernel.runUntil(end + 3);
      close(stream.bytesDone(), end * (GBPS / 2) + 3 * GBPS, 'stream progress');
      stream.cancel();
      assert.equal(stream.state, 'cancelled');
      assert.equal(t.failed.length, 0, 'cancel does not call onFail');
    });
  });

  describe('failures', () => {
    it('fails the flows of a link that goes down, leaves the others alone, and allows flows again after reconnect', () => {
      const { kernel, model } = setup();
      const t = tracker(kernel);
      const changes: NetworkChange[] = [];
      model.onChange((c) => changes.push(c));
      const toHv02 = model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV02', bytes: 10 * GBPS, tag: 'liveMigration', ...t });
      const sibling = model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV03', bytes: 10 * GBPS, tag: 'liveMigration', ...t });
      const apart = model.startFlow({ network: 'Cluster', from: 'HV04', to: 'HV05', bytes: 10 * GBPS, tag: 'liveMigration', ...t });
      const apartEnd = apart.completesAt;
      kernel.runUntil(2);
      model.disconnect('HV02', 'Cluster', 'cable pulled');
      assert.deepEqual(t.failed.map((x) => [x.flow, x.reason, x.t]), [[toHv02, 'linkDown', 2]]);
      assert.equal(toHv02.state, 'failed');
      assert.equal(toHv02.failReason, 'linkDown');
      close(toHv02.bytesDone(), 2 * (GBPS / 2), 'progress frozen at the failure');
      assert.equal(sibling.rate, GBPS, 'the sibling gets the whole NIC');
      close(sibling.completesAt!, 2 + (10 * GBPS - 2 * (GBPS / 2)) / GBPS + model.latency('Cluster'));
      assert.equal(apart.completesAt, apartEnd, 'a flow elsewhere is not touched');
      assert.equal(apart.rateChangedAt, 0);
      assert.deepEqual(changes, [
        { kind: 'link.down', t: 2, network: 'Cluster', node: 'HV02', reason: 'cable pulled', flowsFailed: 1 },
      ]);

      assert.equal(model.isLinkUp('HV02', 'Cluster'), false);
      assert.equal(model.canCarry('Cluster', 'HV01', 'HV02'), false);
      assert.equal(model.canCarry('Cluster', 'HV01', 'HV03'), true);
      assert.throws(
        () => model.startFlow({ network: 'Cluster', from: 'HV03', to: 'HV02', bytes: 1, tag: 'liveMigration' }),
        /link of "HV02" to network "Cluster" is down/,
      );
      model.disconnect('HV02', 'Cluster'); // already down: nothing happens
      assert.equal(changes.length, 1);

      model.reconnect('HV02', 'Cluster');
      assert.equal(changes[1].kind, 'link.up');
      assert.equal(model.canCarry('Cluster', 'HV01', 'HV02'), true);
      const again = model.startFlow({ network: 'Cluster', from: 'HV03', to: 'HV02', bytes: GBPS, tag: 'liveMigration' });
      assert.equal(again.state, 'active');
      assert.equal(again.rate, GBPS);
    });

    it('fails every flow on a failed network at once, and none elsewhere', () => {
      const { kernel, model } = setup([spec('Cluster', GBPS, 0.0002), spec('LM', 10 * GBPS, 0.0002)]);
      const t = tracker(kernel);
      const changes: NetworkChange[] = [];
      model.onChange((c) => changes.push(c));
      const onCluster = [
        model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV02', bytes: 1e12, tag: 'liveMigration', ...t }),
        model.startFlow({ network: 'Cluster', from: 'HV03', to: 'HV04', bytes: Infinity, tag: 'metadata', ...t }),
        model.startFlow({ network: 'Cluster', from: 'HV05', to: 'HV01', bytes: 1e12, tag: 'redirectedIo', ...t }),
      ];
      const onLm = model.startFlow({ network: 'LM', from: 'HV01', to: 'HV02', bytes: 1e12, tag: 'liveMigration', ...t });
      const lmEnd = onLm.completesAt;
      kernel.runUntil(3);
      model.failNetwork('Cluster');
      assert.deepEqual(t.failed.map((x) => [x.flow, x.reason]), onCluster.map((f) => [f, 'networkFailed']));
      assert.equal(onLm.state, 'active');
      assert.equal(onLm.completesAt, lmEnd);
      assert.equal(onLm.rateChangedAt, 0);
      assert.deepEqual(changes, [{ kind: 'network.down', t: 3, network: 'Cluster', reason: 'failed', flowsFailed: 3 }]);
      assert.equal(model.activeFlows('Cluster').length, 0);
      assert.deepEqual(model.activeFlows(), [onLm]);
      assert.equal(model.isNetworkUp('Cluster'), false);
      assert.equal(model.canCarry('Cluster', 'HV01', 'HV02'), false);
      assert.throws(() => model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV02', bytes: 1, tag: 'liveMigration' }), /is down/);
      model.restoreNetwork('Cluster');
      assert.equal(changes[1].kind, 'network.up');
      assert.equal(model.canCarry('Cluster', 'HV01', 'HV02'), true);
    });

    it('lets onFail start a replacement flow on another network', () => {
      const { kernel, model } = setup([spec('Cluster', GBPS, 0.0002), spec('Public', GBPS, 0.0002)]);
      let replacement: Flow | null = null;
      model.startFlow({
        network: 'Cluster',
        from: 'HV01',
        to: 'HV02',
        bytes: Infinity,
        tag: 'redirectedIo',
        onFail: () => {
          replacement = model.startFlow({ network: 'Public', from: 'HV01', to: 'HV02', bytes: Infinity, tag: 'redirectedIo' });
        },
      });
      kernel.runUntil(1);
      model.failNetwork('Cluster');
      assert.equal(replacement!.rate, GBPS);
    });

    it('rejects flows it cannot carry', () => {
      const { model } = setup([spec('iSCSI', GBPS, 0.0001, ['HV01', 'HV02'])]);
      assert.throws(() => model.startFlow({ network: 'iSCSI', from: 'HV01', to: 'HV01', bytes: 1, tag: 'liveMigration' }), /itself/);
      assert.throws(() => model.startFlow({ network: 'iSCSI', from: 'HV01', to: 'HV03', bytes: 1, tag: 'liveMigration' }), /not attached/);
      assert.throws(() => model.startFlow({ network: 'iSCSI', from: 'HV01', to: 'HV09', bytes: 1, tag: 'liveMigration' }), /unknown node/);
      assert.throws(() => model.startFlow({ network: 'Nope', from: 'HV01', to: 'HV02', bytes: 1, tag: 'liveMigration' }), /unknown network/);
      assert.throws(() => model.startFlow({ network: 'iSCSI', from: 'HV01', to: 'HV02', bytes: NaN, tag: 'liveMigration' }), RangeError);
      assert.throws(
        () => model.startFlow({ network: 'iSCSI', from: 'HV01', to: 'HV02', bytes: 1, maxRate: -1, tag: 'liveMigration' }),
        RangeError,
      );
      assert.equal(model.canCarry('iSCSI', 'HV01', 'HV03'), false);
      assert.equal(model.isLinkUp('HV03', 'iSCSI'), false);
      assert.equal(model.usableBetween('HV01', 'HV02')({ name: 'iSCSI' }), true);
    });
  });

  describe('utilisation', () => {
    it('sums rates by traffic class and per node port', () => {
      const { model } = setup();
      const flows: [string, string, TrafficClass, number?][] = [
        ['HV01', 'HV02', 'liveMigration'],
        ['HV01', 'HV03', 'redirectedIo', GBPS / 8],
        ['HV02', 'HV03', 'metadata', 1000],
        ['HV04', 'HV03', 'liveMigration'],
      ];
      const started = flows.map(([from, to, tag, maxRate]) =>
        model.startFlow({ network: 'Cluster', from, to, tag, maxRate, bytes: Infinity }),
      );
      const u = model.utilisation('Cluster');
      const sum = (pick: (f: Flow) => boolean) => started.filter(pick).reduce((s, f) => s + f.rate, 0);
      close(u.total, sum(() => true), 'total');
      close(u.byTag.liveMigration, sum((f) => f.tag === 'liveMigration'), 'liveMigration');
      close(u.byTag.redirectedIo, GBPS / 8, 'redirectedIo');
      close(u.byTag.metadata, 1000, 'metadata');
      assert.equal(u.byTag.storage, 0);
      assert.equal(u.activeFlows, 4);
      for (const link of u.links) {
        close(link.tx, sum((f) => f.from === link.node), `${link.node} tx`);
        close(link.rx, sum((f) => f.to === link.node), `${link.node} rx`);
        assert.ok(link.tx <= GBPS * (1 + 1e-12) && link.rx <= GBPS * (1 + 1e-12));
      }
      assert.deepEqual(u.links.map((l) => l.node), NODES);
    });
  });

  describe('ordering and callbacks', () => {
    it('completes flows due at the same instant one at a time, in start order', () => {
      const latency = 0.0002;
      const { kernel, model } = setup([spec('Cluster', GBPS, latency)]);
      const order: number[] = [];
      const flows = ['HV02', 'HV03', 'HV04'].map((to) =>
        model.startFlow({ network: 'Cluster', from: 'HV01', to, bytes: GBPS, tag: 'liveMigration', onComplete: (f) => order.push(f.id) }),
      );
      kernel.runAll();
      assert.deepEqual(order, flows.map((f) => f.id));
      // All three shared the NIC to the end, so they finish together.
      for (const f of flows) assert.equal(f.endedAt, flows[0].endedAt);
      close(flows[0].endedAt!, (3 * GBPS) / GBPS + latency);
    });

    it('lets onComplete start the next transfer at once', () => {
      const latency = 0.0002;
      const { kernel, model } = setup([spec('Cluster', GBPS, latency)]);
      const ends: number[] = [];
      let passes = 0;
      const next = (): void => {
        if (passes++ === 3) return;
        model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV02', bytes: GBPS / 2, tag: 'liveMigration', onComplete: () => {
          ends.push(kernel.now);
          next();
        } });
      };
      next();
      kernel.runAll();
      assert.equal(ends.length, 3);
      ends.forEach((t, i) => close(t, (i + 1) * (0.5 + latency), `pass ${i + 1}`));
    });

    it('ignores setMaxRate on an ended flow and rejects a flow of another model', () => {
      const { model } = setup();
      const other = setup().model;
      const f = model.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV02', bytes: 1, tag: 'liveMigration' });
      const foreign = other.startFlow({ network: 'Cluster', from: 'HV01', to: 'HV02', bytes: 1, tag: 'liveMigration' });
      assert.throws(() => model.setMaxRate(foreign, 5), /does not belong/);
      f.cancel();
      model.setMaxRate(f, 5);
      assert.equal(f.state, 'cancelled');
      assert.throws(() => model.setMaxRate(foreign, NaN), RangeError);
    });
  });

  describe('against an independent check', () => {
    it('keeps every rate max-min fair and completes each transfer when its rate history has carried its bytes', () => {
      const networks = [spec('Cluster', GBPS, 0.0002), spec('LM', 10 * GBPS, 0.0005, NODES.slice(0, 4))];
      const kernel = new Kernel();
      const model = new NetworkModel(kernel, networks, NODES);
      const random = new Random(99, 'network-oracle');
      // Rate history of every flow, recorded after every operation and every kernel event.
      const history = new Map<Flow, { t: number; rate: number }[]>();
      const record = (): void => {
        for (const f of model.activeFlows()) {
          const h = history.get(f) ?? [];
          if (h.length === 0 || h[h.length - 1].rate !== f.rate) h.push({ t: kernel.now, rate: f.rate });
          history.set(f, h);
        }
      };
      const resourceIndex = new Map<string, number>();
      const capacities: number[] = [];
      for (const n of networks) {
        for (const node of n.nodes) {
          for (const side of ['tx', 'rx']) {
            resourceIndex.set(`${n.name}/${node}/${side}`, capacities.length);
            capacities.push(n.bandwidth);
          }
        }
      }
      const checkFair = (): void =>
        assertMaxMinFair(
          capacities,
          model.activeFlows().map((f) => ({
            resources: [resourceIndex.get(`${f.network}/${f.from}/tx`)!, resourceIndex.get(`${f.network}/${f.to}/rx`)!],
            cap: f.maxRate === Infinity ? undefined : f.maxRate,
            rate: f.rate,
          })),
        );
      let completions = 0;
      const onComplete = (f: Flow): void => {
        completions++;
        const h = history.get(f)!;
        const sendEnd = kernel.now - model.latency(f.network);
        let carried = 0;
        h.forEach((seg, i) => {
          const until = Math.min(i + 1 < h.length ? h[i + 1].t : Infinity, sendEnd);
          if (until > seg.t) carried += seg.rate * (until - seg.t);
        });
        assert.ok(Math.abs(carried - f.bytes) <= 1e-6 * f.bytes + 1e-3, `flow ${f.id}: carried ${carried} of ${f.bytes}`);
      };
      const live: Flow[] = [];
      for (let step = 0; step < 400; step++) {
        const until = kernel.now + random.exponential(4);
        for (let next = kernel.nextTime(); next !== undefined && next <= until; next = kernel.nextTime()) {
          kernel.step();
          record();
          checkFair();
        }
        kernel.runUntil(until);
        const network = networks[random.int(networks.length)];
        const op = random.float();
        if (op < 0.6) {
          const from = network.nodes[random.int(network.nodes.length)];
          const to = network.nodes[random.int(network.nodes.length)];
          if (!model.canCarry(network.name, from, to)) continue;
          live.push(
            model.startFlow({
              network: network.name,
              from,
              to,
              tag: 'liveMigration',
              bytes: random.float() < 0.15 ? Infinity : random.float() * 2 * network.bandwidth,
              maxRate: random.float() < 0.3 ? random.float() * network.bandwidth * 0.5 : undefined,
              onComplete,
            }),
          );
        } else if (op < 0.7 && live.length > 0) {
          live[random.int(live.length)].cancel();
        } else if (op < 0.85 && live.length > 0) {
          const f = live[random.int(live.length)];
          model.setMaxRate(f, random.float() < 0.2 ? 0 : random.float() < 0.5 ? Infinity : random.float() * GBPS);
        } else if (op < 0.9) {
          const node = network.nodes[random.int(network.nodes.length)];
          if (model.isLinkUp(node, network.name)) model.disconnect(node, network.name);
          else model.reconnect(node, network.name);
        }
        record();
        checkFair();
      }
      assert.ok(completions > 50, `only ${completions} completions`);
    });
  });

  describe('determinism', () => {
    function run(seed: number): string {
      const kernel = new Kernel();
      const model = new NetworkModel(kernel, [spec('Cluster', GBPS, 0.0002), spec('LM', 10 * GBPS, 0.0005)], NODES);
      const random = new Random(seed, 'network-determinism');
      const out: string[] = [];
      model.onChange((c) => out.push(JSON.stringify(c)));
      const tags: TrafficClass[] = ['liveMigration', 'redirectedIo', 'metadata', 'storage'];
      const live: Flow[] = [];
      for (let step = 0; step < 300; step++) {
        kernel.runUntil(kernel.now + random.exponential(2));
        const network = random.float() < 0.5 ? 'Cluster' : 'LM';
        const op = random.float();
        if (op < 0.6) {
          const from = NODES[random.int(NODES.length)];
          const to = NODES[random.int(NODES.length)];
          if (!model.canCarry(network, from, to)) continue;
          const f = model.startFlow({
            network,
            from,
            to,
            tag: tags[random.int(tags.length)],
            bytes: random.float() < 0.2 ? Infinity : random.float() * 5 * GBPS,
            maxRate: random.float() < 0.3 ? random.float() * GBPS : undefined,
            onComplete: (x) => out.push(`done ${x.id} ${kernel.now}`),
            onFail: (x, why) => out.push(`fail ${x.id} ${why} ${kernel.now} ${x.bytesDone()}`),
          });
          live.push(f);
        } else if (op < 0.7 && live.length > 0) {
          live[random.int(live.length)].cancel();
        } else if (op < 0.8 && live.length > 0) {
          model.setMaxRate(live[random.int(live.length)], random.float() * GBPS);
        } else if (op < 0.85) {
          const node = NODES[random.int(NODES.length)];
          if (model.isLinkUp(node, network)) model.disconnect(node, network);
          else model.reconnect(node, network);
        } else if (op < 0.88) {
          if (model.isNetworkUp(network)) model.failNetwork(network);
          else model.restoreNetwork(network);
        }
        out.push(model.activeFlows().map((f) => `${f.id}:${f.rate}:${f.completesAt ?? '-'}`).join(' '));
      }
      kernel.runAll();
      out.push(`end ${kernel.now}`);
      return out.join('\n');
    }

    it('gives identical results for the same sequence of operations', () => {
      const first = run(7);
      assert.equal(run(7), first);
      assert.notEqual(run(8), first);
      assert.ok(first.includes('done') && first.includes('fail'), 'the run exercises completions and failures');
    });
  });
});
