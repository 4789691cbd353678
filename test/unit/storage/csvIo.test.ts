import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport, loadScenario, takeSnapshot } from '../../../src/engine';
import { createSimulation } from '../../../src/engine';
import type { Simulation } from '../../../src/engine/simulation/simulation';
import { invariantViolations } from '../../../src/engine/simulation/invariants';
import { run } from '../../helpers/runScenario';
import { close, csvCluster, GBPS, io, MB, simulate, storage, throughput } from './storageHelpers';

// The CSV model's documented values (README, "Cluster Shared Volumes, as simulated"), written
// out rather than imported: a change to the engine's constants must show up here as a failure.
/** Mounting the volume on the new coordinator, seconds. */
const CSV_MOUNT_TIME = 0.3;
/** One VM disk I/O, to count the I/Os queued during a pause. */
const CSV_IO_SIZE = 64 * 1024;
/** Metadata operations a running VM forwards per second, and the bytes of each. */
const METADATA_OPS_PER_VM = 2;
const METADATA_OP_BYTES = 4 * 1024;

/** Metadata a node forwards to the coordinator per second for `vms` running VMs. */
const metadataRate = (vms: number): number => vms * METADATA_OPS_PER_VM * METADATA_OP_BYTES;

/** The first pass of a VM's live migration, from the report. */
function firstPass(sim: Simulation, vm: string): { duration: number; bytes: number } {
  const m = buildReport(sim).migrations.find((r) => r.vm === vm && r.type === 'live');
  assert.ok(m && m.passes.length > 0, `${vm} was live-migrated`);
  return m.passes[0];
}

describe('CSV disk I/O', () => {
  it('direct and redirected throughput on a busy cluster network: a live migration halves the redirected node’s share of its port, direct I/O does not notice', () => {
    const sim = simulate(
      csvCluster({
        vms: [
          { name: 'BIG', owner: 'HV02', memory: '8GiB', disk: 'CSV1', workload: io('0MB/s') },
          { name: 'V2', owner: 'HV02', memory: '1GiB', disk: 'CSV1', workload: io('100MB/s') },
          { name: 'V3', owner: 'HV03', memory: '1GiB', disk: 'CSV1', workload: io('100MB/s') },
        ],
        duration: '60s',
        timeline: [
          { at: '10s', do: 'disconnect', node: 'HV02', network: 'iSCSI' },
          { at: '20s', do: 'liveMigrate', vm: 'BIG', to: 'HV03' },
        ],
      }),
    );
    sim.runUntil(5);
    // Both direct: each gets its 100 MB/s (the disk has 256 MiB/s, each iSCSI port 125 MB/s).
    close(throughput(sim, 'CSV1', 'HV02'), 100 * MB, 'HV02 direct');
    close(throughput(sim, 'CSV1', 'HV03'), 100 * MB, 'HV03 direct');
    assert.ok(storage(sim).io.flowsOf('CSV1', 'HV02').direct);

    sim.runUntil(15);
    // HV02 redirected, the cluster network otherwise quiet: its whole demand goes through HV01.
    const flows = storage(sim).io.flowsOf('CSV1', 'HV02');
    assert.equal(flows.direct, null);
    assert.ok(flows.redirect && flows.hop);
    assert.deepEqual([flows.redirect.network, flows.redirect.from, flows.redirect.to, flows.redirect.tag], ['Cluster', 'HV02', 'HV01', 'redirectedIo']);
    assert.deepEqual([flows.hop.from, flows.hop.tag], ['HV01', 'storage']);
    close(throughput(sim, 'CSV1', 'HV02'), 100 * MB, 'HV02 redirected, alone on the cluster network');

    sim.runUntil(30);
    // The live migration BIG -> HV03 leaves HV02 on the cluster network too (its pass 1 from
    // 22.5 s on, after the 2.5 s setup). HV02's port carries three flows: metadata (2 VMs, capped
    // far below a share), redirected I/O (capped at 100 MB/s) and the migration (capped at 95 % of
    // the port, one stream's rate, far above a share): max-min fair gives the two big ones half of
    // what is left each.
    const share = (GBPS - metadataRate(2)) / 2;
    assert.ok(share < 100 * MB);
    close(throughput(sim, 'CSV1', 'HV02'), share, 'HV02 redirected, sharing its port with a live migration');
    const pass = sim.network.activeFlows('Cluster').find((f) => f.tag === 'liveMigration');
    assert.ok(pass);
    close(pass.rate, share, 'the live migration');
    close(throughput(sim, 'CSV1', 'HV03'), 100 * MB, 'HV03 direct, untouched');
    const access = takeSnapshot(sim).volumes[0].access;
    assert.deepEqual(
      access.map((a) => [a.node, a.state, a.reason]),
      [
        ['HV01', 'direct', null],
        ['HV02', 'redirected', 'storagePathLost'],
        ['HV03', 'direct', null],
      ],
    );
    close(access[1].throughput ?? NaN, share, 'the snapshot');
    assert.equal(access[1].demand, 100 * MB);
    assert.equal(takeSnapshot(sim).networks.find((n) => n.name === 'Cluster')?.traffic.redirectedIo, flows.redirect.rate);

    sim.run();
    const [, hv02, hv03] = buildReport(sim).volumes[0].nodes;
    close(hv02.directBytes, 10 * 100 * MB, 'HV02 direct bytes');
    // Alone from 10 s until the migration's first pass (the setup's 256 KiB of configuration take
    // a few milliseconds, within the tolerance), then its share until the end at 60 s.
    const passStart = 20 + 2.5;
    close(hv02.redirectedBytes, (passStart - 10) * 100 * MB + (60 - passStart) * share, 'HV02 redirected bytes', 1e-4);
    close(hv02.demandBytes, 60 * 100 * MB, 'HV02 demand');
    close(hv02.meanThroughput, (hv02.directBytes + hv02.redirectedBytes) / 60, 'HV02 mean');
    close(hv03.directBytes, 60 * 100 * MB, 'HV03 direct bytes');
    assert.equal(hv03.redirectedBytes, 0);
    close(hv03.meanThroughput, 100 * MB, 'HV03 mean');
  });

  it('a live migration and redirected I/O on one network: each is slower than alone', () => {
    const scenario = (disconnect: boolean, migrate: boolean) =>
      csvCluster({
        vms: [
          { name: 'MIG', owner: 'HV02', memory: '2GiB', disk: 'CSV1', workload: io('0MB/s') },
          { name: 'V2', owner: 'HV02', memory: '1GiB', disk: 'CSV1', workload: io('100MB/s') },
        ],
        duration: '2m',
        timeline: [
          ...(disconnect ? [{ at: '10s', do: 'disconnect', node: 'HV02', network: 'iSCSI' }] : []),
          ...(migrate ? [{ at: '20s', do: 'liveMigrate', vm: 'MIG', to: 'HV03' }] : []),
        ],
      });
    const at25 = (sim: Simulation): number => {
      sim.runUntil(25);
      return throughput(sim, 'CSV1', 'HV02');
    };
    const migrationAlone = simulate(scenario(false, true));
    at25(migrationAlone);
    migrationAlone.run();
    const redirectedAlone = simulate(scenario(true, false));
    const both = simulate(scenario(true, true));

    close(at25(redirectedAlone), 100 * MB, 'redirected I/O alone');
    const shared = at25(both);
    assert.ok(shared < 0.7 * 100 * MB, `redirected I/O during the migration: ${shared}`);
    both.run();
    const alone = firstPass(migrationAlone, 'MIG').duration;
    const slowed = firstPass(both, 'MIG').duration;
    assert.ok(slowed > 1.5 * alone, `pass 1: ${slowed} s with redirected I/O, ${alone} s without`);
    // Once the migration is over, the redirected I/O has the port to itself again.
    close(throughput(both, 'CSV1', 'HV02'), 100 * MB, 'redirected I/O after the migration');
  });

  it('a node that loses its storage path: direct, then redirected through the coordinator, then direct again, without a pause for its VMs', () => {
    const sim = simulate(
      csvCluster({
        vms: [{ name: 'V', owner: 'HV02', memory: '1GiB', disk: 'CSV1', workload: io('20MB/s') }],
        duration: '30s',
        timeline: [
          { at: '10s', do: 'disconnect', node: 'HV02', network: 'iSCSI' },
          { at: '20s', do: 'reconnect', node: 'HV02', network: 'iSCSI' },
        ],
      }),
    );
    const kinds = (): string[] => {
      const f = storage(sim).io.flowsOf('CSV1', 'HV02');
      return (['direct', 'redirect', 'hop', 'metadata'] as const).filter((k) => f[k] !== null);
    };
    sim.runUntil(5);
    assert.deepEqual(kinds(), ['direct', 'metadata']);
    sim.runUntil(10);
    // Switched at the instant the cable went: no gap, no pause.
    assert.deepEqual(kinds(), ['redirect', 'hop', 'metadata']);
    close(throughput(sim, 'CSV1', 'HV02'), 20 * MB, 'redirected at once');
    sim.runUntil(20);
    assert.deepEqual(kinds(), ['direct', 'metadata']);
    sim.run();
    const report = buildReport(sim);
    assert.deepEqual(report.volumes[0].nodes[1], {
      node: 'HV02',
      directBytes: 20 * 20 * MB,
      redirectedBytes: 10 * 20 * MB,
      demandBytes: 30 * 20 * MB,
      ioTime: 30,
      meanThroughput: 20 * MB,
      metadataOps: 30 * METADATA_OPS_PER_VM,
    });
    assert.deepEqual(report.volumes[0].paused, []);
    assert.deepEqual(report.vms[0], { vm: 'V', node: 'HV02', state: 'running', downtime: 0, clientsDisconnected: 0 });
  });

  it('the article’s test: the iSCSI cable of a node is pulled while its VMs run; they keep running at full speed, redirected (examples/iscsi-cable-pulled)', () => {
    const text = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'iscsi-cable-pulled.cluster.json'), 'utf8');
    const { scenario } = loadScenario(text);
    assert.ok(scenario);
    const sim = createSimulation(scenario);
    sim.log.subscribe(() => assert.deepEqual(invariantViolations(sim), []));
    sim.runUntil(5 * 60);
    const s = takeSnapshot(sim);
    const web = 2 * MB;
    const idle = 0.1 * MB;
    // "I happened to see the CSV was in Online (Redirected I/O) mode".
    for (const v of s.volumes) {
      const hv03 = v.access.find((a) => a.node === 'HV03');
      assert.deepEqual([hv03?.state, hv03?.reason, hv03?.since], ['redirected', 'storagePathLost', 120]);
    }
    // "All of the VMs on it were still running great with no performance degradation": each
    // volume's I/O from HV03 gets all it asks for, over the cluster network to its coordinator.
    const disk1 = s.volumes[0].access.find((a) => a.node === 'HV03');
    const disk2 = s.volumes[1].access.find((a) => a.node === 'HV03');
    assert.deepEqual([disk1?.demand, disk1?.throughput], [web, web]);
    assert.deepEqual([disk2?.demand, disk2?.throughput], [web + idle, web + idle]);
    for (const vm of ['WEB02', 'DC01', 'APP01']) assert.equal(s.vms.find((v) => v.name === vm)?.status, 'running');
    const redirected = sim.network.activeFlows().filter((f) => f.tag === 'redirectedIo');
    assert.deepEqual(
      redirected.map((f) => [f.network, f.from, f.to]).sort(),
      [
        ['Cluster Internal', 'HV03', 'HV01'],
        ['Cluster Internal', 'HV03', 'HV02'],
      ],
    );
    sim.run();
    const report = buildReport(sim);
    assert.ok(report.expectations.every((e) => e.passed));
    const hv03 = report.volumes[1].nodes[2];
    close(hv03.redirectedBytes, 8 * 60 * (web + idle), 'redirected for 8 minutes');
    close(hv03.directBytes, 4 * 60 * (web + idle), 'direct for 4 minutes');
    close(hv03.meanThroughput, web + idle, 'no performance degradation');
  });

  it('the coordinator loses its path: I/O pauses on every node for the mount on the new coordinator, then the old one is redirected to it', () => {
    const sim = simulate(
      csvCluster({
        vms: ['HV01', 'HV02', 'HV03'].map((owner, i) => ({ name: `V${i + 1}`, owner, memory: '1GiB', disk: 'CSV1', workload: io('30MB/s') })),
        duration: '20s',
        timeline: [{ at: '10s', do: 'disconnect', node: 'HV01', network: 'iSCSI' }],
      }),
    );
    sim.runUntil(10.1);
    assert.equal(storage(sim).access.coordinator('CSV1'), 'HV02');
    for (const node of ['HV01', 'HV02', 'HV03']) {
      assert.deepEqual(storage(sim).access.accessOf('CSV1', node), { node, state: 'paused', reason: 'coordinatorMove', since: 10 });
      assert.equal(throughput(sim, 'CSV1', node), 0);
      assert.deepEqual(storage(sim).io.flowsOf('CSV1', node), { direct: null, redirect: null, hop: null, metadata: null });
    }
    sim.runUntil(11);
    const old = storage(sim).io.flowsOf('CSV1', 'HV01');
    assert.deepEqual([old.redirect?.from, old.redirect?.to, old.hop?.from], ['HV01', 'HV02', 'HV02']);
    for (const node of ['HV01', 'HV02', 'HV03']) close(throughput(sim, 'CSV1', node), 30 * MB, node);
    // Metadata now goes to HV02, which forwards none itself.
    assert.equal(storage(sim).io.flowsOf('CSV1', 'HV02').metadata, null);
    assert.equal(storage(sim).io.flowsOf('CSV1', 'HV03').metadata?.to, 'HV02');
    sim.run();
    const report = buildReport(sim);
    // HV01 lost its path: nothing to dismount there, only the mount on HV02.
    assert.deepEqual(report.volumes[0].paused, [{ from: 10, to: 10 + CSV_MOUNT_TIME, reason: 'coordinatorMove', queuedIos: Math.round((90 * MB * CSV_MOUNT_TIME) / CSV_IO_SIZE) }]);
    const hv01 = report.volumes[0].nodes[0];
    close(hv01.directBytes, 10 * 30 * MB, 'HV01 direct until its path went');
    close(hv01.redirectedBytes, (10 - CSV_MOUNT_TIME) * 30 * MB, 'HV01 redirected after the pause', 1e-9);
  });

  it('a VM takes its I/O with it when it moves; a VM that does not run does none; a new workload changes it', () => {
    const sim = simulate(
      csvCluster({
        vms: [
          { name: 'V', owner: 'HV02', memory: '1GiB', disk: 'CSV1', workload: io('20MB/s') },
          { name: 'W', owner: 'HV01', memory: '1GiB', disk: 'CSV1', workload: io('10MB/s') },
        ],
        duration: '70s',
        timeline: [
          { at: '5s', do: 'liveMigrate', vm: 'V', to: 'HV03' },
          { at: '30s', do: 'setWorkload', vm: 'V', workload: io('40MB/s') },
          { at: '40s', do: 'stopVm', vm: 'V' },
          { at: '50s', do: 'quickMigrate', vm: 'W', to: 'HV02' },
        ],
      }),
    );
    const demand = (node: string): number => storage(sim).rates('CSV1', node).demand;
    sim.runUntil(4);
    assert.deepEqual([demand('HV01'), demand('HV02'), demand('HV03')], [10 * MB, 20 * MB, 0]);
    sim.runUntil(29);
    assert.equal(sim.state.vm('V').node, 'HV03');
    assert.deepEqual([demand('HV02'), demand('HV03')], [0, 20 * MB]);
    assert.equal(storage(sim).io.flowsOf('CSV1', 'HV02').direct, null);
    close(throughput(sim, 'CSV1', 'HV03'), 20 * MB, 'on its new node');
    sim.runUntil(35);
    close(throughput(sim, 'CSV1', 'HV03'), 40 * MB, 'after setWorkload');
    sim.runUntil(45);
    assert.equal(demand('HV03'), 0);
    assert.deepEqual(storage(sim).io.flowsOf('CSV1', 'HV03'), { direct: null, redirect: null, hop: null, metadata: null });
    sim.runUntil(51);
    // W is being saved for its quick migration: no I/O anywhere meanwhile.
    assert.equal(sim.state.vm('W').status, 'saving');
    assert.deepEqual([demand('HV01'), demand('HV02')], [0, 0]);
    sim.run();
    assert.equal(sim.state.vm('W').node, 'HV02');
    assert.deepEqual([demand('HV01'), demand('HV02')], [0, 10 * MB]);
  });

  it('metadata: each node that is not the coordinator forwards its VMs’ metadata operations to it over NetFT', () => {
    const { sim, report } = run(
      csvCluster({
        vms: [
          { name: 'A', owner: 'HV01', memory: '1GiB', disk: 'CSV1', workload: io('1MB/s') },
          { name: 'B', owner: 'HV02', memory: '1GiB', disk: 'CSV1', workload: io('1MB/s') },
          { name: 'C', owner: 'HV02', memory: '1GiB', disk: 'CSV1', workload: io('1MB/s') },
        ],
        duration: '100s',
      }),
    );
    const metadata = sim.network.activeFlows().filter((f) => f.tag === 'metadata');
    assert.deepEqual(
      metadata.map((f) => [f.network, f.from, f.to, f.rate]),
      [['Cluster', 'HV02', 'HV01', metadataRate(2)]],
    );
    // Each operation costs a round trip over the cluster network (0.1 ms each way); the
    // coordinator's own are local.
    assert.deepEqual(
      takeSnapshot(sim).volumes[0].access.map((a) => [a.node, a.metadataRoundTrip]),
      [
        ['HV01', null],
        ['HV02', 0.0002],
        ['HV03', null],
      ],
    );
    assert.deepEqual(
      report.volumes[0].nodes.map((n) => [n.node, n.metadataOps]),
      [
        ['HV01', 0],
        ['HV02', 2 * METADATA_OPS_PER_VM * 100],
        ['HV03', 0],
      ],
    );
  });

  it('the disk’s throughput is shared between nodes whichever way their I/O reaches it', () => {
    const sim = simulate(
      csvCluster({
        disks: [{ name: 'CSV1', size: '2TiB', throughput: '100MB/s', csv: true, path: 'iSCSI', coordinator: 'HV01' }],
        vms: ['HV01', 'HV02', 'HV03'].map((owner, i) => ({ name: `V${i + 1}`, owner, memory: '1GiB', disk: 'CSV1', workload: io('60MB/s') })),
        duration: '20s',
        timeline: [{ at: '5s', do: 'disconnect', node: 'HV03', network: 'iSCSI' }],
      }),
    );
    sim.runUntil(10);
    // HV01's own I/O, HV02's and HV03's (written by HV01 for it) share the disk's 100 MB/s.
    for (const node of ['HV01', 'HV02', 'HV03']) close(throughput(sim, 'CSV1', node), (100 * MB) / 3, node, 1e-6);
  });

  it('is deterministic and costs next to no events: twelve minutes of I/O on six VMs', () => {
    const text = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'iscsi-cable-pulled.cluster.json'), 'utf8');
    const once = (): Simulation => {
      const sim = createSimulation(loadScenario(text).scenario!);
      sim.run();
      return sim;
    };
    const a = once();
    const b = once();
    assert.equal(a.log.serialize(), b.log.serialize());
    assert.deepEqual(buildReport(a).volumes, buildReport(b).volumes);
    assert.ok(a.kernel.eventsProcessed < 100, `${a.kernel.eventsProcessed} events`);
  });
});
