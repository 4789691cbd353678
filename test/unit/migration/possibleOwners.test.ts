// Possible owners are a hard limit on live and quick migrations and on the drain; the drain (a
// planned move without a target) takes the most preferred node, from the top of the VM's list
// (ClusResGroup.Move: "selects the most preferred node from the set of possible active nodes").
import { strict as assert } from 'node:assert';
import { createSimulation } from '../../../src/engine';
import { cluster, load, run, type ScenarioJson } from '../../helpers/runScenario';

const vm = (name: string, owner: string, extra: ScenarioJson = {}) => ({ name, owner, memory: '4GiB', disk: 'CSV1', ...extra });

describe('possible owners: migrations', () => {
  it('a live migration to a node that is not a possible owner is refused with the reason, and nothing moves', () => {
    const { report } = run(
      cluster({
        vms: [vm('A', 'HV01', { possibleOwners: ['HV01', 'HV03'] })],
        timeline: [
          { at: '1s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
          { at: '2s', do: 'liveMigrate', vm: 'A', to: 'HV03' },
        ],
      }),
    );
    assert.deepEqual(report.migrations.map((m) => [m.to, m.outcome, m.reason]), [
      ['HV02', 'failed', 'HV02 is not a possible owner of A (its possible owners: HV01, HV03)'],
      ['HV03', 'completed', null],
    ]);
    assert.deepEqual(report.notices.map((n) => [n.kind, n.action, n.reason]), [['rejected', 'liveMigrate', 'HV02 is not a possible owner of A (its possible owners: HV01, HV03)']]);
    assert.equal(report.vms[0].node, 'HV03');
  });

  it('a quick migration to a node that is not a possible owner is refused with the reason', () => {
    const { report } = run(cluster({ vms: [vm('A', 'HV01', { possibleOwners: ['HV01', 'HV03'] })], timeline: [{ at: '1s', do: 'quickMigrate', vm: 'A', to: 'HV02' }] }));
    assert.deepEqual(report.migrations.map((m) => [m.type, m.outcome, m.reason]), [['quick', 'failed', 'HV02 is not a possible owner of A (its possible owners: HV01, HV03)']]);
    assert.deepEqual([report.vms[0].node, report.vms[0].state, report.vms[0].downtime], ['HV01', 'running', 0]);
  });

  it('a quick migration of a classic disk moves the whole group: refused when the target is not a possible owner of one VM on it', () => {
    const { report } = run(
      cluster({
        disks: [
          { name: 'CSV1', size: '2TiB', csv: true, path: 'fabric' },
          { name: 'LUN1', size: '500GiB', path: 'fabric' },
        ],
        vms: [vm('V1', 'HV01', { disk: 'LUN1' }), vm('V2', 'HV01', { disk: 'LUN1', possibleOwners: ['HV01', 'HV03'] })],
        timeline: [{ at: '1s', do: 'quickMigrate', vm: 'V1', to: 'HV02' }],
      }),
    );
    assert.equal(report.migrations[0].reason, 'HV02 is not a possible owner of V2, which shares LUN1 (its possible owners: HV01, HV03)');
    assert.deepEqual(report.vms.map((v) => v.node), ['HV01', 'HV01']);
  });

  it("the engine's preflight (what the Migrate to... pick shows) gives the same reason for that node, for both kinds", () => {
    const sim = createSimulation(load(cluster({ vms: [vm('A', 'HV01', { possibleOwners: ['HV01', 'HV03'] })] })));
    sim.start();
    for (const kind of ['live', 'quick'] as const) {
      assert.deepEqual(
        sim.migrations.preflight('A', kind).map((v) => [v.node, v.eligible, v.reason]),
        [
          ['HV01', false, 'A already runs on HV01'],
          ['HV02', false, 'HV02 is not a possible owner of A (its possible owners: HV01, HV03)'],
          ['HV03', true, null],
        ],
        kind,
      );
    }
  });
});

describe('the drain: the most preferred node, possible owners, anti-affinity', () => {
  const four = [
    { name: 'HV01', memory: '32GiB' },
    { name: 'HV02', memory: '32GiB' },
    { name: 'HV03', memory: '32GiB' },
    { name: 'HV04', memory: '32GiB' },
  ];
  const drain = (node: string, json: ScenarioJson) => run(cluster({ nodes: four, ...json, timeline: [{ at: '1s', do: 'drainNode', node }] })).report;

  it('sends a VM to its most preferred node that can take it, from the top of its list (not the next after its node, as a failover would)', () => {
    // On HV03 with HV01, HV03, HV04: a failover would take HV04; the drain takes HV01.
    const report = drain('HV03', { vms: [vm('A', 'HV03', { preferredOwners: ['HV01', 'HV03', 'HV04'] })] });
    assert.deepEqual(report.migrations.map((m) => [m.to, m.outcome]), [['HV01', 'completed']]);
  });

  it('without preferred owners, the first node in file order other than its own; never drawn at random', () => {
    for (const seed of [1, 2, 3]) {
      const report = drain('HV01', { seed, vms: [vm('A', 'HV01')] });
      assert.deepEqual(report.migrations.map((m) => m.to), ['HV02'], `seed ${seed}`);
    }
  });

  it('skips a node that is not a possible owner', () => {
    const report = drain('HV01', { vms: [vm('A', 'HV01', { preferredOwners: ['HV02', 'HV03'], possibleOwners: ['HV01', 'HV03', 'HV04'] })] });
    assert.deepEqual(report.migrations.map((m) => [m.to, m.outcome]), [['HV03', 'completed']]);
  });

  it('records a failed move with each node\'s reason when no possible owner can take the VM', () => {
    const report = drain('HV01', { vms: [vm('A', 'HV01', { possibleOwners: ['HV01'] })] });
    assert.deepEqual(report.migrations.map((m) => [m.to, m.outcome]), [['HV01', 'failed']]);
    assert.equal(report.migrations[0].reason, 'no other node can take A: HV02 is not a possible owner of A; HV03 is not a possible owner of A; HV04 is not a possible owner of A');
  });

  it('spreads VMs of one anti-affinity class over the nodes, counting the ones it has already sent', () => {
    const sql = (name: string) => vm(name, 'HV01', { antiAffinityClassNames: ['SQL'] });
    const report = drain('HV01', { vms: [sql('A'), sql('B'), sql('C'), vm('W', 'HV01')] });
    // A to HV02 (first in file order); B passes HV02 (A is on its way there) for HV03; C, HV04.
    // W has no class: HV02.
    assert.deepEqual(report.vms.map((v) => [v.vm, v.node]), [['A', 'HV02'], ['B', 'HV03'], ['C', 'HV04'], ['W', 'HV02']]);
    assert.ok(report.migrations.every((m) => m.outcome === 'completed'));
  });
});
