// The Cluster Shared Volumes grid: each node's access to each volume with its reason, the
// coordinator, and the redirected I/O each node sends through the coordinator.
import { strict as assert } from 'node:assert';
import { takeSnapshot } from '../../../src/engine';
import type { Flow } from '../../../src/engine/network/flow';
import type { Simulation } from '../../../src/engine/simulation/simulation';
import type { ClusterSnapshot, NodeAccess, VolumeSnapshot } from '../../../src/engine/snapshot';
import { FlowIndex } from '../../../src/extension/dashboard/model/flows';
import { cellState, volumeViews } from '../../../src/extension/dashboard/model/volumes';
import type { VolumeView } from '../../../src/protocol';
import { Driver } from './driver';

const NODES = ['HV01', 'HV02', 'HV03', 'HV04'];

/** [node, state, reason, since] of each cell. */
const cells = (v: VolumeView) => v.cells.map((c) => [c.node, c.state, c.reason, c.since]);
const direct = (node: string) => [node, 'direct', null, null];

describe('dashboard model: Cluster Shared Volumes grid (article example)', () => {
  const d = new Driver('article-cluster.cluster.json');

  it('at the start: both volumes, every node direct, each with its coordinator', () => {
    const { volumes } = d.model.state();
    assert.deepEqual(
      volumes.map((v) => [v.disk, v.path, v.coordinator, v.online, v.maintenance]),
      [
        ['Cluster Disk 1', 'C:\\ClusterStorage\\Volume1', 'HV01', true, false],
        ['Cluster Disk 2', 'C:\\ClusterStorage\\Volume2', 'HV02', true, false],
      ],
    );
    for (const v of volumes) {
      assert.deepEqual(cells(v), NODES.map(direct));
      assert.deepEqual(v.redirectedTraffic, NODES.map((node) => ({ node, bytesPerSecond: 0 })));
    }
  });

  it('between 3m and 5m: HV03 lost its iSCSI path and is redirected through each coordinator', () => {
    d.runTo(240);
    for (const disk of ['Cluster Disk 1', 'Cluster Disk 2']) {
      const v = d.volume(disk);
      assert.deepEqual(cells(v), [direct('HV01'), direct('HV02'), ['HV03', 'redirected', 'storagePathLost', 180], direct('HV04')], disk);
    }
    assert.equal(d.volume('Cluster Disk 1').coordinator, 'HV01', 'the coordinator is marked');
    assert.equal(d.volume('Cluster Disk 2').coordinator, 'HV02');
    // Only a redirected node sends redirected I/O, and the grid adds up to what the networks carry.
    const { volumes } = d.model.state();
    for (const v of volumes) {
      for (const t of v.redirectedTraffic) if (t.node !== 'HV03') assert.equal(t.bytesPerSecond, 0, `${v.disk} ${t.node}`);
    }
    const shown = volumes.flatMap((v) => v.redirectedTraffic).reduce((a, t) => a + t.bytesPerSecond, 0);
    const carried = takeSnapshot(d.sim).networks.reduce((a, n) => a + n.traffic.redirectedIo, 0);
    assert.ok(Math.abs(shown - carried) <= 1e-6 * Math.max(1, carried), `${shown} vs ${carried}`);
  });

  it('after 5m: HV03 is direct again, since the reconnect', () => {
    d.runTo(320);
    for (const disk of ['Cluster Disk 1', 'Cluster Disk 2']) {
      const hv03 = d.volume(disk).cells.find((c) => c.node === 'HV03');
      assert.deepEqual(hv03, { node: 'HV03', state: 'direct', reason: null, since: 300 });
      assert.ok(d.volume(disk).redirectedTraffic.every((t) => t.bytesPerSecond === 0));
    }
  });

  it('after the crash: HV03 has no access, its node is down', () => {
    d.runTo(730);
    for (const disk of ['Cluster Disk 1', 'Cluster Disk 2']) {
      const hv03 = d.volume(disk).cells.find((c) => c.node === 'HV03');
      assert.deepEqual(hv03 && [hv03.state, hv03.reason, hv03.since], ['noAccess', 'nodeDown', 720]);
    }
  });
});

describe('dashboard model: redirected traffic from the flows', () => {
  const access = (node: string, state: NodeAccess['state']): NodeAccess => ({ node, state, reason: state === 'direct' ? null : 'storagePathLost', since: state === 'direct' ? null : 10 });
  const volume = (disk: string, coordinator: string, redirected: readonly string[]): VolumeSnapshot => ({
    disk,
    path: `C:\\ClusterStorage\\${disk}`,
    coordinator,
    online: true,
    maintenance: false,
    redirectedAccess: false,
    access: NODES.map((n) => access(n, redirected.includes(n) ? 'redirected' : 'direct')),
  });
  const flow = (from: string, to: string, rate: number, label: string, tag: Flow['tag'] = 'redirectedIo'): Flow => ({ from, to, rate, label, tag, network: 'Cluster', bytes: Infinity }) as unknown as Flow;
  const simWith = (flows: Flow[]): Simulation => ({ network: { activeFlows: () => flows } }) as unknown as Simulation;
  const snapshot = (volumes: VolumeSnapshot[]): ClusterSnapshot => ({ nodes: NODES.map((name) => ({ name })), volumes }) as unknown as ClusterSnapshot;

  it("counts a flow for the volume its label names, either way between the node and the coordinator", () => {
    const snap = snapshot([volume('Disk A', 'HV01', ['HV03']), volume('Disk B', 'HV01', ['HV03'])]);
    const flows = new FlowIndex(simWith([flow('HV03', 'HV01', 3e6, 'HV03 redirected I/O on Disk A'), flow('HV01', 'HV03', 1e6, 'HV03 redirected reads on Disk A'), flow('HV03', 'HV01', 9e6, 'HV03 metadata', 'metadata')]));
    const [a, b] = volumeViews(snap, flows);
    assert.equal(a.redirectedTraffic.find((t) => t.node === 'HV03')?.bytesPerSecond, 4e6);
    assert.equal(b.redirectedTraffic.find((t) => t.node === 'HV03')?.bytesPerSecond, 0);
  });

  it('shares a flow that names no volume among the volumes the node reaches through that coordinator', () => {
    const snap = snapshot([volume('Disk A', 'HV01', ['HV03']), volume('Disk B', 'HV01', ['HV03']), volume('Disk C', 'HV02', ['HV03'])]);
    const [a, b, c] = volumeViews(snap, new FlowIndex(simWith([flow('HV03', 'HV01', 4e6, 'redirected')])));
    const hv03 = (v: VolumeView) => v.redirectedTraffic.find((t) => t.node === 'HV03')?.bytesPerSecond;
    assert.deepEqual([hv03(a), hv03(b), hv03(c)], [2e6, 2e6, 0]);
  });

  it("prefers the engine's own per-node figure when the snapshot has one", () => {
    const v = volume('Disk A', 'HV01', ['HV03']);
    const withRates: VolumeSnapshot = { ...v, access: v.access.map((a) => ({ ...a, throughput: a.node === 'HV03' ? 5e6 : 7e6 })) };
    const [view] = volumeViews(snapshot([withRates]), new FlowIndex(simWith([flow('HV03', 'HV01', 1e6, 'x on Disk A')])));
    assert.deepEqual(
      view.redirectedTraffic.map((t) => t.bytesPerSecond),
      [0, 0, 5e6, 0],
      'only a redirected node sends redirected I/O',
    );
  });

  it('shows maintenance mode as a state of its own', () => {
    assert.equal(cellState({ node: 'HV02', state: 'redirected', reason: 'maintenance', since: 5 }), 'maintenance');
    assert.equal(cellState({ node: 'HV02', state: 'redirected', reason: 'storagePathLost', since: 5 }), 'redirected');
    // Redirected access turned on by hand is redirection, with the VMs running: not maintenance.
    assert.equal(cellState({ node: 'HV02', state: 'redirected', reason: 'redirectedAccess', since: 5 }), 'redirected');
    assert.equal(cellState({ node: 'HV02', state: 'noAccess', reason: 'maintenance', since: 5 }), 'noAccess');
  });
});
