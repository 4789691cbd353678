// Where a failover puts a VM, as Windows Server 2008 R2 chooses (docs/fidelity.md, "Failover
// placement and policy"). Every expected node is derived by hand from the documented rule: the
// node list is the preferred owners, then the other nodes in file (Node ID) order; a failover goes
// to the next node in it after the one the VM was on, wrapping round (KB 299631; the clustering
// team's "Preferred Owners in a Cluster", 2008).
import { strict as assert } from 'node:assert';
import { cluster, type ScenarioJson } from '../../helpers/runScenario';
import { eventsOf, runChecked } from './helpers';

const five = [
  { name: 'HV01', memory: '32GiB' },
  { name: 'HV02', memory: '32GiB' },
  { name: 'HV03', memory: '32GiB' },
  { name: 'HV04', memory: '32GiB' },
  { name: 'HV05', memory: '32GiB' },
];
const four = five.slice(0, 4);

/** One crash of `node` at 10 s; the VMs are declared down at 15 s and boot for 60 s. */
const crash = (node: string, json: ScenarioJson) => runChecked(cluster({ ...json, timeline: [{ at: '10s', do: 'crashNode', node }] }));
const targets = (json: ScenarioJson, node: string) => crash(node, json).report.failovers.map((f) => [f.vm, f.to]);
const ordered = { disableGroupPreferredOwnerRandomization: true };

describe('failover placement: the next node after the current owner', () => {
  it("the issue's case: a VM on HV03 with preferred owners HV01, HV03, HV05 goes to HV05, not to HV01", () => {
    const vm = { name: 'A', owner: 'HV03', memory: '4GiB', disk: 'CSV1', preferredOwners: ['HV01', 'HV03', 'HV05'] };
    assert.deepEqual(targets({ nodes: five, vms: [vm] }, 'HV03'), [['A', 'HV05']]);
  });

  it('on the last node of its list it wraps round: in a cluster of HV01, HV03 and HV05, a VM on HV05 goes to HV01', () => {
    const nodes = five.filter((n) => ['HV01', 'HV03', 'HV05'].includes(n.name));
    const vm = { name: 'A', owner: 'HV05', memory: '4GiB', disk: 'CSV1', preferredOwners: ['HV01', 'HV03', 'HV05'] };
    assert.deepEqual(targets({ nodes, vms: [vm] }, 'HV05'), [['A', 'HV01']]);
  });

  it('the other nodes follow the preferred ones: in five nodes, a VM on HV05 (last preferred) goes to HV02 before going back to HV01', () => {
    // Node list: HV01, HV03, HV05, then HV02, HV04 in file order. After HV05: HV02, HV04, HV01, HV03.
    const vm = { name: 'A', owner: 'HV05', memory: '4GiB', disk: 'CSV1', preferredOwners: ['HV01', 'HV03', 'HV05'] };
    assert.deepEqual(targets({ nodes: five, vms: [vm] }, 'HV05'), [['A', 'HV02']]);
    // On HV04, the last of the whole list, it wraps round to the top: HV01.
    assert.deepEqual(targets({ nodes: five, vms: [{ ...vm, owner: 'HV04' }] }, 'HV04'), [['A', 'HV01']]);
  });

  it('a node without the memory is passed over for the one after it', () => {
    // HV05 (the next after HV03) has 2 GiB: the list goes on to HV02, the first of the other nodes.
    const nodes = five.map((n) => (n.name === 'HV05' ? { ...n, memory: '2GiB' } : n));
    const vm = { name: 'A', owner: 'HV03', memory: '4GiB', disk: 'CSV1', preferredOwners: ['HV01', 'HV03', 'HV05'] };
    assert.deepEqual(targets({ nodes, vms: [vm] }, 'HV03'), [['A', 'HV02']]);
  });

  it('a VM on a node that is not among its preferred owners: "next" starts at that node\'s place among the other nodes', () => {
    // Preferred HV02, HV04; the list is HV02, HV04, HV01, HV03. On HV01, the next is HV03, not HV02.
    const vm = { name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1', preferredOwners: ['HV02', 'HV04'] };
    assert.deepEqual(targets({ nodes: four, vms: [vm] }, 'HV01'), [['A', 'HV03']]);
    // On HV03, the last of the list, it wraps round to the top: HV02.
    assert.deepEqual(targets({ nodes: four, vms: [{ ...vm, owner: 'HV03' }] }, 'HV03'), [['A', 'HV02']]);
  });

  it('without preferred owners and with the randomization disabled: the next node in file order, wrapping round', () => {
    const vm = { name: 'A', memory: '4GiB', disk: 'CSV1' };
    assert.deepEqual(targets({ nodes: four, settings: ordered, vms: [{ ...vm, owner: 'HV02' }] }, 'HV02'), [['A', 'HV03']]);
    assert.deepEqual(targets({ nodes: four, settings: ordered, vms: [{ ...vm, owner: 'HV04' }] }, 'HV04'), [['A', 'HV01']]);
  });

  it('without preferred owners (by default): a node drawn at random, from the seed, each VM its own draw', () => {
    // DisableGroupPreferredOwnerRandomization is false by default: "the cluster service selects a
    // node at random". Over 60 seeds and two VMs (120 draws) each of the three other nodes must
    // come up about 40 times (binomial, standard deviation 5.2): at least 20 each, never HV01.
    const counts = new Map<string, number>();
    let different = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const vms = [
        { name: 'A', owner: 'HV01', memory: '1GiB', disk: 'CSV1' },
        { name: 'B', owner: 'HV01', memory: '1GiB', disk: 'CSV1' },
      ];
      const got = targets({ seed, nodes: four, vms }, 'HV01');
      for (const [, to] of got) counts.set(String(to), (counts.get(String(to)) ?? 0) + 1);
      if (got[0][1] !== got[1][1]) different++;
      if (seed <= 3) assert.deepEqual(targets({ seed, nodes: four, vms }, 'HV01'), got, 'the same seed gives the same nodes');
    }
    assert.deepEqual([...counts.keys()].sort(), ['HV02', 'HV03', 'HV04']);
    for (const [node, n] of counts) assert.ok(n >= 20 && n <= 100, `${node} drawn ${n} times of 120`);
    // Two VMs draw independently: they differ about two times in three (40 of 60).
    assert.ok(different >= 25, `A and B went to different nodes in ${different} of 60 runs`);
  });
});

describe('failover placement: possible owners', () => {
  it('a node that is not a possible owner is skipped: the VM goes to the next one that is', () => {
    // Next after HV01 is HV02, not a possible owner: HV03.
    const vm = { name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1', preferredOwners: ['HV01', 'HV02', 'HV03'], possibleOwners: ['HV01', 'HV03'] };
    assert.deepEqual(targets({ vms: [vm] }, 'HV01'), [['A', 'HV03']]);
  });

  it('a VM none of whose possible owners can take it stays failed, with the reason, until one can', () => {
    const { sim, report } = runChecked(
      cluster({
        vms: [{ name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1', possibleOwners: ['HV01'] }],
        timeline: [
          { at: '10s', do: 'crashNode', node: 'HV01' },
          { at: '100s', do: 'startNode', node: 'HV01' },
        ],
      }),
    );
    const waits = eventsOf(sim, 'failover.failed').filter((e) => e.subject === 'A');
    assert.match(waits[0].reason, /^no node can take A: /);
    for (const why of ['HV02 is not a possible owner of A', 'HV03 is not a possible owner of A', 'HV01 is down']) assert.ok(waits[0].reason.includes(why), why);
    // HV01 rejoins at 101 s (the next heartbeat): A, failed until then, restarts there.
    assert.deepEqual(report.failovers.map((f) => [f.to, f.onlineAt]), [['HV01', 161]]);
  });

  it('a classic disk fails over with its VMs only to a node that is a possible owner of each of them', () => {
    const { report } = crash(
      'HV01',
      cluster({
        settings: ordered,
        disks: [
          { name: 'CSV1', size: '2TiB', csv: true, path: 'fabric' },
          { name: 'LUN1', size: '500GiB', path: 'fabric' },
        ],
        vms: [
          { name: 'V1', owner: 'HV01', memory: '4GiB', disk: 'LUN1' },
          // V2 may not run on HV02, the next node after HV01: the LUN (and V1 with it) goes to HV03.
          { name: 'V2', owner: 'HV01', memory: '4GiB', disk: 'LUN1', possibleOwners: ['HV01', 'HV03'] },
        ],
      }),
    );
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.to]), [['V1', 'HV03'], ['V2', 'HV03']]);
  });
});

describe('failover placement: anti-affinity', () => {
  const sql = (name: string, owner: string, extra: ScenarioJson = {}) => ({ name, owner, memory: '4GiB', disk: 'CSV1', antiAffinityClassNames: ['SQL'], ...extra });

  it('several VMs of one class failing over at once from one node spread out over the nodes', () => {
    // All next after HV01 in file order: A to HV02; B passes HV02 (A is booting there) for HV03;
    // C passes HV02 and HV03 for HV04.
    const { sim, report } = crash('HV01', { nodes: four, settings: ordered, vms: [sql('A', 'HV01'), sql('B', 'HV01'), sql('C', 'HV01')] });
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.to]), [['A', 'HV02'], ['B', 'HV03'], ['C', 'HV04']]);
    assert.ok(eventsOf(sim, 'failover.started').every((e) => !e.reason.includes('anti-affinity')));
  });

  it('spreads them out too when the nodes are drawn at random (no preferred owners, the default): never two on one node', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { report } = crash('HV01', { seed, nodes: four, vms: [sql('A', 'HV01'), sql('B', 'HV01'), sql('C', 'HV01')] });
      const to = report.failovers.map((f) => f.to);
      assert.deepEqual([...to].sort(), ['HV02', 'HV03', 'HV04'], `seed ${seed}: ${to.join(', ')}`);
    }
  });

  it('a node already hosting a VM of the class is passed over; a VM of another class, or one that is off or saved, does not count', () => {
    const { report } = crash('HV01', {
      nodes: four,
      settings: ordered,
      vms: [
        sql('A', 'HV01'),
        sql('ON2', 'HV02'),
        { name: 'WEB', owner: 'HV03', memory: '4GiB', disk: 'CSV1', antiAffinityClassNames: ['Web'] },
        sql('OFF3', 'HV03', { state: 'off' }),
        sql('SAVED3', 'HV03', { state: 'saved' }),
      ],
    });
    // HV02 hosts ON2 (SQL); HV03 hosts only a Web VM running and SQL VMs that are off or saved.
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.to]), [['A', 'HV03']]);
  });

  it('any shared class name counts: a VM of classes "SQL" and "Tier 1" avoids a node with a "Tier 1" VM', () => {
    const { report } = crash('HV01', {
      nodes: four,
      settings: ordered,
      vms: [sql('A', 'HV01', { antiAffinityClassNames: ['SQL', 'Tier 1'] }), { name: 'T', owner: 'HV02', memory: '4GiB', disk: 'CSV1', antiAffinityClassNames: ['Tier 1'] }],
    });
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.to]), [['A', 'HV03']]);
  });

  it('is ignored when only anti-affined nodes can take the VM: then the next node in order, and the log says so', () => {
    // Three nodes, three SQL VMs on HV01: A to HV02, B to HV03; for C both host a SQL VM, so it
    // takes the next node after HV01 that can host it, HV02.
    const { sim, report } = crash('HV01', { settings: ordered, vms: [sql('A', 'HV01'), sql('B', 'HV01'), sql('C', 'HV01')] });
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.to]), [['A', 'HV02'], ['B', 'HV03'], ['C', 'HV02']]);
    const started = eventsOf(sim, 'failover.started').find((e) => e.subject === 'C')!;
    assert.match(started.reason, /anti-affinity ignored: HV02 hosts A, of anti-affinity class "SQL"; every other node that can take it \(HV03\) hosts one too/);
  });

  it('is ignored when the only node with room hosts a VM of the class', () => {
    // After HV01 come HV02, which has no room, and HV03, which hosts B: A goes to HV03 all the same.
    const nodes = [
      { name: 'HV01', memory: '32GiB' },
      { name: 'HV02', memory: '2GiB' },
      { name: 'HV03', memory: '32GiB' },
    ];
    const { report } = crash('HV01', { nodes, settings: ordered, vms: [sql('A', 'HV01'), sql('B', 'HV03')] });
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.to]), [['A', 'HV03']]);
    assert.equal(report.vms[0].state, 'running');
  });

  it('does not block a migration asked for by hand: a live migration to a node hosting a VM of the class completes', () => {
    const { report } = runChecked(
      cluster({
        vms: [sql('A', 'HV01'), sql('B', 'HV02')],
        timeline: [{ at: '10s', do: 'liveMigrate', vm: 'A', to: 'HV02' }],
      }),
    );
    assert.deepEqual(report.migrations.map((m) => [m.to, m.outcome]), [['HV02', 'completed']]);
  });
});
