import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripComments } from 'jsonc-parser';
import { createSimulation, takeSnapshot } from '../../src/engine';
import { explicitLiveMigrationNetworks, liveMigrationOrder, netftNetwork } from '../../src/engine/network/order';
import type { Simulation } from '../../src/engine/simulation/simulation';
import type { ClusterSnapshot, NetworkSnapshot } from '../../src/engine/snapshot';
import { networkFlags } from '../../src/engine/takeSnapshot';
import { cluster, GiB, gbps, load, MiB, workload, type ScenarioJson } from '../helpers/runScenario';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

const busy = workload('20MB/s', '1GiB', 0.9);

function simulate(json: ScenarioJson): Simulation {
  return createSimulation(load(json));
}

function network(s: ClusterSnapshot, name: string): NetworkSnapshot {
  const n = s.networks.find((x) => x.name === name);
  assert.ok(n, `network ${name}`);
  return n;
}

/** [name, netft, liveMigration] of every network. */
function flags(s: ClusterSnapshot): [string, boolean, boolean][] {
  return s.networks.map((n) => [n.name, n.netft, n.liveMigration]);
}

describe('snapshot', () => {
  it('phase: ready before the run starts, running during it, then why it ended', () => {
    const sim = simulate(cluster({ duration: '10s' }));
    assert.equal(takeSnapshot(sim).phase, 'ready');
    sim.runUntil(5);
    assert.equal(takeSnapshot(sim).phase, 'running');
    assert.equal(takeSnapshot(sim).t, 5);
    sim.run();
    assert.equal(takeSnapshot(sim).phase, 'duration');
    const finished = simulate(cluster());
    finished.run();
    assert.equal(takeSnapshot(finished).phase, 'finished');
  });

  it('a live migration in flight: memory used on both nodes, the pass and its progress, the traffic it makes', () => {
    const sim = simulate(
      cluster({
        vms: [
          { name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: busy, clients: 10 },
          { name: 'B', owner: 'HV02', memory: '2GiB', disk: 'CSV1', workload: 'idle' },
          { name: 'C', owner: 'HV01', memory: '1GiB', disk: 'CSV1', workload: 'idle', state: 'off' },
        ],
        timeline: [{ at: '10s', do: 'liveMigrate', vm: 'A', to: 'HV02' }],
      }),
    );
    sim.runUntil(5);
    let s = takeSnapshot(sim);
    assert.deepEqual(
      s.nodes.map((n) => [n.name, n.status, n.memory, n.used, n.vms]),
      [
        ['HV01', 'up', 64 * GiB, 4 * GiB, ['A', 'C']],
        ['HV02', 'up', 64 * GiB, 2 * GiB, ['B']],
        ['HV03', 'up', 64 * GiB, 0, []],
      ],
    );
    assert.ok(s.vms.every((v) => v.migration === null));
    assert.deepEqual(s.vms[0], { name: 'A', node: 'HV01', status: 'running', memory: 4 * GiB, disk: 'CSV1', clients: 10, clientsDisconnected: 0, downtime: 0, migration: null });

    // Setup first: the configuration (256 KiB) and 2.5 s for the shell VM (the default setupTime).
    sim.runUntil(11);
    assert.equal(takeSnapshot(sim).vms[0].migration?.phase, 'config');
    // Pass 1 then sends 4 GiB at one stream's rate on 1 Gbps, 95 % of it (about 36 s).
    const stream = 0.95 * gbps(1);
    const passStart = 10 + (256 * 1024) / stream + 0.0001 + 2.5;
    sim.runUntil(20);
    s = takeSnapshot(sim);
    const m = s.vms[0].migration;
    assert.ok(m);
    assert.equal(m.type, 'live');
    assert.equal(m.from, 'HV01');
    assert.equal(m.to, 'HV02');
    assert.equal(m.network, 'Live Migration');
    assert.equal(m.phase, 'precopy');
    assert.equal(m.pass, 1);
    assert.equal(m.maxPasses, 8);
    assert.ok(m.progress > 0 && m.progress < 1, `progress ${m.progress}`);
    const expected = ((20 - passStart) * stream) / (4 * GiB);
    assert.ok(Math.abs(m.progress - expected) < 0.005, `progress ${m.progress}, expected about ${expected}`);
    // The shell on the target holds A's memory until the switch-over.
    assert.deepEqual(s.nodes.map((n) => n.used), [4 * GiB, 6 * GiB, 0]);
    assert.deepEqual(s.nodes[0].vms, ['A', 'C'], 'A is owned by its source until it resumes on the target');
    const lm = network(s, 'Live Migration');
    assert.ok(Math.abs(lm.traffic.liveMigration - stream) < 1, `live migration traffic ${lm.traffic.liveMigration}`);
    assert.equal(lm.traffic.redirectedIo, 0);
    assert.equal(network(s, 'Cluster').traffic.liveMigration, 0);

    // Later in pre-copy (pass 1 ends near 48.7 s): a later pass, still a fraction.
    sim.runUntil(50);
    const later = takeSnapshot(sim).vms[0].migration;
    assert.ok(later && later.pass >= 2 && later.progress >= 0 && later.progress <= 1, JSON.stringify(later));

    // Resumed on HV02, the clean-up (1 s by default) under way: A runs there, its source still
    // holds its memory, and the migration is still shown.
    while (sim.records.migrations[0].blackout === null) sim.runUntil(sim.now + 0.01);
    s = takeSnapshot(sim);
    assert.equal(s.vms[0].node, 'HV02');
    assert.equal(s.vms[0].status, 'running');
    assert.equal(s.vms[0].migration?.phase, 'cleanup');
    assert.deepEqual(s.nodes.map((n) => [n.used, n.vms]), [[4 * GiB, ['C']], [6 * GiB, ['A', 'B']], [0, []]]);

    sim.run();
    s = takeSnapshot(sim);
    assert.equal(s.vms[0].node, 'HV02');
    assert.equal(s.vms[0].migration, null);
    assert.deepEqual(s.nodes.map((n) => [n.used, n.vms]), [[0, ['C']], [6 * GiB, ['A', 'B']], [0, []]]);
    assert.ok(s.vms[0].downtime > 0 && s.vms[0].downtime < 1);
  });

  it('queued live migrations and quick migrations show their phase and progress', () => {
    const sim = simulate(
      cluster({
        vms: [
          { name: 'A', owner: 'HV01', memory: '2GiB', disk: 'CSV1', workload: 'idle' },
          { name: 'B', owner: 'HV01', memory: '2GiB', disk: 'CSV1', workload: 'idle' },
          { name: 'Q', owner: 'HV03', memory: '1GiB', disk: 'CSV1', workload: 'idle' },
        ],
        timeline: [
          { at: '10s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
          { at: '10s', do: 'liveMigrate', vm: 'B', to: 'HV02' },
          { at: '10s', do: 'quickMigrate', vm: 'Q', to: 'HV02' },
        ],
      }),
    );
    // The save writes 1 GiB at 256 MiB/s (4 s), shared with nothing: half-way at 2 s.
    sim.runUntil(12);
    const s = takeSnapshot(sim);
    const [a, b, q] = s.vms.map((v) => v.migration);
    assert.equal(a?.phase, 'config', 'A is still being set up on HV02 (2.5 s)');
    assert.deepEqual(b, { type: 'live', from: 'HV01', to: 'HV02', network: null, phase: 'queued', pass: 0, maxPasses: 8, progress: 0 });
    assert.equal(q?.type, 'quick');
    assert.equal(q?.phase, 'save');
    assert.equal(q?.network, null);
    const saved = (2 * 256 * MiB) / GiB;
    assert.ok(q && Math.abs(q.progress - saved) < 0.01, `save progress ${q?.progress}, expected ${saved}`);
    sim.runUntil(16);
    const restore = takeSnapshot(sim).vms[2].migration;
    assert.equal(restore?.phase, 'restore');
    assert.ok(restore && restore.progress > 0 && restore.progress < 1);
  });

  it('NetFT and live-migration flags sit on the networks the metrics choose, and follow failures', () => {
    // Cluster 1000, Live Migration 1100, iSCSI 1200, LAN 10000; live migration on [Live Migration, LAN].
    const sim = simulate(cluster({ duration: '1m' }));
    sim.runUntil(1);
    assert.deepEqual(flags(takeSnapshot(sim)), [
      ['Cluster', true, false],
      ['Live Migration', false, true],
      ['iSCSI', false, false],
      ['LAN', false, false],
    ]);
    // Fails over: NetFT to the next-lowest cluster network between every pair.
    sim.network.failNetwork('Cluster');
    assert.deepEqual(flags(takeSnapshot(sim)).map((f) => f.slice(1)), [[false, false], [true, true], [false, false], [false, false]]);
    // HV01 unplugged from Live Migration: NetFT and live migration fall back to LAN for the pairs with HV01 only.
    sim.network.disconnect('HV01', 'Live Migration');
    let s = takeSnapshot(sim);
    assert.deepEqual(flags(s).map((f) => f.slice(1)), [[false, false], [true, true], [false, false], [true, true]]);
    assert.deepEqual(network(s, 'Live Migration').links, [
      { node: 'HV01', up: false },
      { node: 'HV02', up: true },
      { node: 'HV03', up: true },
    ]);
    assert.equal(network(s, 'Cluster').up, false);
    assert.ok(network(s, 'Cluster').links.every((l) => l.up), 'a failed switch leaves the links up');
    // A node that is down is in no pair.
    sim.request({ do: 'crashNode', node: 'HV01' });
    s = takeSnapshot(sim);
    assert.deepEqual(flags(s).map((f) => f.slice(1)), [[false, false], [true, true], [false, false], [false, false]]);
    assert.equal(s.nodes[0].status, 'down');
  });

  it('the default live-migration order: the second-lowest metric goes first (and the metrics decide, not file order)', () => {
    let s = takeSnapshot(simulate(cluster({ settings: {} })));
    assert.deepEqual(flags(s).map((f) => f.slice(1)), [[true, false], [false, true], [false, false], [false, false]]);
    // LAN given the lowest metric: NetFT takes it, and live migration the next one, Cluster.
    s = takeSnapshot(
      simulate(
        cluster({
          settings: {},
          networks: [
            { name: 'Cluster', role: 'cluster', bandwidth: '1Gbps', metric: 1000 },
            { name: 'Live Migration', role: 'cluster', bandwidth: '1Gbps', metric: 1100 },
            { name: 'iSCSI', role: 'none', bandwidth: '1Gbps', metric: 1200 },
            { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps', metric: 500 },
          ],
        }),
      ),
    );
    assert.deepEqual(flags(s), [
      ['Cluster', false, true],
      ['Live Migration', false, false],
      ['iSCSI', false, false],
      ['LAN', true, false],
    ]);
    assert.deepEqual(s.networks.map((n) => [n.metric, n.autoMetric]), [[1000, false], [1100, false], [1200, false], [500, false]]);
  });

  it('computes the flags as network/order.ts would, pair by pair, on random topologies', () => {
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const names = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6'];
    for (let round = 0; round < 40; round++) {
      const roles = ['cluster', 'clusterAndClient', 'none'];
      const networks = ['A', 'B', 'C', 'D'].map((name) => ({
        name,
        role: roles[Math.floor(rnd() * 3)],
        bandwidth: '1Gbps',
        ...(rnd() < 0.5 ? { metric: Math.floor(rnd() * 4) * 100 } : {}),
        nodes: names.filter(() => rnd() < 0.8),
      }));
      const explicit = rnd() < 0.5 ? null : ['D', 'B', 'A'].filter(() => rnd() < 0.7);
      const json = cluster({
        nodes: names.map((name) => ({ name, memory: '8GiB' })),
        networks: networks.filter((n) => n.nodes.length > 0),
        disks: [{ name: 'CSV1', size: '1TiB', csv: true, path: 'fabric' }],
        settings: explicit ? { liveMigration: { networks: explicit } } : {},
      });
      const sim = simulate(json);
      const specs = sim.network.networks;
      for (const spec of specs) {
        if (rnd() < 0.2) sim.network.failNetwork(spec.name);
        for (const node of spec.nodes) if (rnd() < 0.2) sim.network.disconnect(node, spec.name);
      }
      for (const node of names) if (rnd() < 0.15) sim.state.node(node).status = 'down';
      const members = names.filter((n) => sim.state.node(n).status !== 'down');
      const netft = new Set<string>();
      const live = new Set<string>();
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) {
          const [a, b] = [members[i], members[j]];
          const usable = sim.network.usableBetween(a, b);
          const route = netftNetwork(specs, a, b, usable);
          if (route) netft.add(route.name);
          const first = liveMigrationOrder(specs, a, b, explicitLiveMigrationNetworks(sim.scenario.settings), usable)[0];
          if (first) live.add(first.name);
        }
      }
      // A fresh simulation object each round, so the cache cannot answer for another topology.
      const got = networkFlags(sim, specs);
      assert.deepEqual(
        specs.filter((_, k) => got.netft[k]).map((n) => n.name),
        specs.filter((n) => netft.has(n.name)).map((n) => n.name),
        `round ${round}: NetFT`,
      );
      assert.deepEqual(
        specs.filter((_, k) => got.liveMigration[k]).map((n) => n.name),
        specs.filter((n) => live.has(n.name)).map((n) => n.name),
        `round ${round}: live migration`,
      );
    }
  });

  it('caches the flags against the topology version: recomputed after a change, not before', () => {
    const sim = simulate(cluster());
    const specs = sim.network.networks;
    const first = networkFlags(sim, specs);
    assert.equal(networkFlags(sim, specs), first, 'same topology: the cached answer');
    const version = sim.topologyVersion;
    sim.network.disconnect('HV02', 'Cluster');
    assert.ok(sim.topologyVersion > version);
    assert.notEqual(networkFlags(sim, specs), first);
    const v2 = sim.topologyVersion;
    sim.request({ do: 'drainNode', node: 'HV03' });
    assert.ok(sim.topologyVersion > v2, 'a node status change bumps the version too');
  });

  it('volumes: coordinator, online, each node’s access (after a pulled iSCSI cable); classic and witness disks', () => {
    const sim = simulate(
      cluster({
        settings: { quorum: { model: 'nodeAndDiskMajority', witness: 'Witness' } },
        disks: [
          { name: 'CSV1', size: '2TiB', csv: true, path: 'iSCSI', coordinator: 'HV02' },
          { name: 'LUN1', size: '500GiB', path: 'iSCSI' },
          { name: 'Witness', size: '1GiB', path: 'iSCSI', role: 'witness' },
        ],
        vms: [
          { name: 'A', owner: 'HV01', memory: '1GiB', disk: 'CSV1', workload: 'idle' },
          { name: 'L1', owner: 'HV03', memory: '1GiB', disk: 'LUN1', workload: 'idle' },
          { name: 'L2', owner: 'HV03', memory: '1GiB', disk: 'LUN1', workload: 'idle' },
        ],
        timeline: [
          { at: '10s', do: 'disconnect', node: 'HV01', network: 'iSCSI' },
          { at: '20s', do: 'reconnect', node: 'HV01', network: 'iSCSI' },
        ],
      }),
    );
    sim.runUntil(15);
    const s = takeSnapshot(sim);
    assert.deepEqual(s.volumes, [
      {
        disk: 'CSV1',
        path: 'C:\\ClusterStorage\\Volume1',
        coordinator: 'HV02',
        online: true,
        maintenance: false,
        redirectedAccess: false,
        access: [
          // A's idle workload (100 KB/s of disk I/O) goes through the coordinator HV02 in full.
          // Its metadata goes to HV02 over the cluster network (0.1 ms each way).
          { node: 'HV01', state: 'redirected', reason: 'storagePathLost', since: 10, throughput: 100_000, demand: 100_000, metadataRoundTrip: 0.0002 },
          { node: 'HV02', state: 'direct', reason: null, since: null, throughput: 0, demand: 0, metadataRoundTrip: null },
          { node: 'HV03', state: 'direct', reason: null, since: null, throughput: 0, demand: 0, metadataRoundTrip: null },
        ],
      },
    ]);
    assert.deepEqual(s.disks, [
      { name: 'LUN1', owner: 'HV03', online: true, role: 'data', vms: ['L1', 'L2'] },
      // The quorum (Node and Disk Majority) uses it: one vote besides the nodes'.
      { name: 'Witness', owner: 'HV01', online: true, role: 'witness', vms: [], quorumVote: 'witness' },
    ]);
    assert.equal(s.hasQuorum, true);
    assert.deepEqual(s.quorumConfig, {
      model: 'nodeAndDiskMajority',
      name: 'Node and Disk Majority',
      witness: 'the witness disk Witness',
      description: 'Node and Disk Majority, with the witness disk Witness',
    });
    assert.deepEqual(network(s, 'iSCSI').links.map((l) => l.up), [false, true, true]);
    sim.run();
    assert.equal(takeSnapshot(sim).volumes[0].access[0].state, 'direct');
  });

  it('is pure: two snapshots at the same time are deep-equal, and taking them changes nothing in the run', () => {
    const json = cluster({
      disks: [{ name: 'CSV1', size: '2TiB', csv: true, path: 'iSCSI' }],
      vms: [
        { name: 'A', owner: 'HV01', memory: '2GiB', disk: 'CSV1', workload: busy, clients: 5 },
        { name: 'Q', owner: 'HV02', memory: '1GiB', disk: 'CSV1', workload: 'web' },
      ],
      timeline: [
        { at: '5s', do: 'liveMigrate', vm: 'A', to: 'HV03' },
        { at: '6s', do: 'quickMigrate', vm: 'Q', to: 'HV01' },
        { at: '8s', do: 'disconnect', node: 'HV02', network: 'iSCSI' },
      ],
    });
    const watched = simulate(json);
    const snapshots: ClusterSnapshot[] = [];
    for (let t = 0; t <= 40; t += 0.5) {
      watched.runUntil(t);
      const one = takeSnapshot(watched);
      assert.deepEqual(takeSnapshot(watched), one, `t=${t}`);
      // Plain data: it survives a JSON round trip (what the webview receives).
      assert.deepEqual(JSON.parse(JSON.stringify(one)), one);
      snapshots.push(one);
    }
    watched.run();
    // The same steps without looking: the same log, byte for byte.
    const alone = simulate(json);
    for (let t = 0; t <= 40; t += 0.5) alone.runUntil(t);
    alone.run();
    assert.equal(watched.log.serialize(), alone.log.serialize());
    // Old snapshots are not changed by the run going on.
    assert.equal(snapshots[20].t, 10);
    assert.equal(snapshots[20].vms[0].migration?.phase, 'precopy');
  });

  // Speed is for the benchmarks; this checks the snapshot is right at Hyper-V's maximum size.
  it('covers 64 nodes and 8,000 VMs, following topology changes', function () {
    this.timeout(60_000);
    const nodes = Array.from({ length: 64 }, (_, i) => ({ name: `HV${String(i + 1).padStart(2, '0')}`, memory: '512GiB' }));
    const disks = Array.from({ length: 8 }, (_, i) => ({ name: `CSV${i + 1}`, size: '64TiB', csv: true, path: 'iSCSI' }));
    const vms = Array.from({ length: 8000 }, (_, i) => ({ name: `VM${i}`, owner: nodes[i % 64].name, memory: '2GiB', disk: disks[i % 8].name, workload: 'idle' }));
    const sim = simulate(
      cluster({
        nodes,
        disks,
        vms,
        networks: [
          { name: 'Cluster', role: 'cluster', bandwidth: '10Gbps' },
          { name: 'Live Migration', role: 'cluster', bandwidth: '10Gbps' },
          { name: 'iSCSI', role: 'none', bandwidth: '10Gbps' },
          { name: 'LAN', role: 'clusterAndClient', bandwidth: '10Gbps' },
        ],
        timeline: [
          { at: '1s', do: 'liveMigrate', vm: 'VM0', to: 'HV02' },
          { at: '2s', do: 'disconnect', node: 'HV05', network: 'iSCSI' },
        ],
      }),
    );
    sim.runUntil(5);
    for (let i = 0; i < 3; i++) {
      sim.network.disconnect(`HV1${i}`, 'Cluster');
      const s = takeSnapshot(sim);
      assert.equal(s.vms.length, 8000);
      assert.equal(s.nodes.length, 64);
      const cluster = s.networks.find((n) => n.name === 'Cluster')!;
      assert.deepEqual(cluster.links.filter((l) => !l.up).map((l) => l.node), Array.from({ length: i + 1 }, (_, k) => `HV1${k}`));
    }
    assert.equal(takeSnapshot(sim).volumes[0].access.find((a) => a.node === 'HV05')?.state, 'redirected');
  });

  describe('objects handed out again while they read the same', () => {
    const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.cluster.json'));
    for (const file of examples) {
      it(`reads the same as a first snapshot of the same moment, at every step of ${file}`, () => {
        const text = readFileSync(join(EXAMPLES, file), 'utf8');
        const watched = simulate(JSON.parse(stripComments(text)) as ScenarioJson);
        watched.start();
        let previous = takeSnapshot(watched);
        let reused = 0;
        let step = 0;
        while (watched.busy && watched.now < 3600) {
          watched.runUntil(watched.now + 5);
          const s = takeSnapshot(watched);
          // Node lists in file order, each VM under the node it is on (worked out here from the state).
          const vms = [...watched.state.vms.values()];
          assert.deepEqual(
            s.nodes.map((n) => [n.name, n.vms]),
            [...watched.state.nodes.keys()].map((name) => [name, vms.filter((v) => v.node === name).map((v) => v.name)]),
            `${file} at ${watched.now}: node lists`,
          );
          // Every few steps, against a simulation that never took a snapshot before this moment.
          if (step++ % 7 === 0) {
            const fresh = simulate(JSON.parse(stripComments(text)) as ScenarioJson);
            fresh.runUntil(watched.now);
            assert.deepEqual(s, takeSnapshot(fresh), `${file} at ${watched.now}`);
          }
          for (let i = 0; i < s.vms.length; i++) if (s.vms[i] === previous.vms[i]) reused++;
          previous = s;
        }
        assert.ok(step > 3 && reused > 0, `${step} steps, ${reused} VM snapshots handed out again`);
      });
    }

    it('hands out the same VM, node, list, link and volume objects when nothing changed, and new ones for what did', () => {
      const sim = simulate(
        cluster({
          vms: [
            { name: 'A', owner: 'HV01', memory: '2GiB', disk: 'CSV1', workload: 'idle' },
            { name: 'B', owner: 'HV01', memory: '2GiB', disk: 'CSV1', workload: 'idle' },
            { name: 'C', owner: 'HV02', memory: '2GiB', disk: 'CSV1', workload: 'idle' },
          ],
          timeline: [{ at: '10s', do: 'liveMigrate', vm: 'A', to: 'HV03' }],
        }),
      );
      sim.runUntil(5);
      const a = takeSnapshot(sim);
      sim.runUntil(6);
      const b = takeSnapshot(sim);
      assert.notEqual(a, b);
      assert.deepEqual(
        [a.vms.every((v, i) => v === b.vms[i]), a.nodes.every((n, i) => n === b.nodes[i]), a.networks.every((n, i) => n.links === b.networks[i].links), a.volumes[0] === b.volumes[0]],
        [true, true, true, true],
      );
      sim.runUntil(11);
      const c = takeSnapshot(sim);
      assert.notEqual(c.vms[0], b.vms[0], 'A is migrating');
      assert.equal(c.vms[0].migration?.from, 'HV01');
      assert.equal(c.vms[1], b.vms[1], 'B is not');
      while (sim.busy) sim.runUntil(sim.now + 1);
      const d = takeSnapshot(sim);
      assert.deepEqual(d.nodes.map((n) => n.vms), [['B'], ['C'], ['A']]);
      assert.notEqual(d.nodes[0], b.nodes[0], 'HV01 lost A');
      assert.equal(d.nodes[1].vms, b.nodes[1].vms, "HV02's list did not change");
    });
  });
});
