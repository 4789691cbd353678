import { strict as assert } from 'node:assert';
import { invariantViolations } from '../../../src/engine/simulation/invariants';
import { cluster, run as runScenario, type ScenarioJson } from '../../helpers/runScenario';

/** Every run is checked against the engine's invariants at every event. */
const run = (json: ScenarioJson) => runScenario(json, (sim) => assert.deepEqual(invariantViolations(sim), [], `at t=${sim.now}`));

const CLASSIC = { name: 'Disk Q', size: '500GiB', throughput: '256MiB/s', path: 'fabric' };
const CSV = { name: 'CSV1', size: '2TiB', throughput: '256MiB/s', csv: true, path: 'fabric' };

/** One 2 GiB web VM on `disk`, live-migrated from HV01 to HV02 at 10 s; more timeline after. */
function scenario(disk: ScenarioJson, timeline: ScenarioJson[] = []): ScenarioJson {
  return cluster({
    disks: [disk],
    vms: [{ name: 'WEB', owner: 'HV01', memory: '2GiB', disk: disk.name, workload: { memoryWrites: '0MB/s', workingSet: '1GiB', hotShare: 0.9, diskIo: '20MB/s' }, clients: 30 }],
    timeline: [{ at: '10s', do: 'liveMigrate', vm: 'WEB', to: 'HV02' }, ...timeline],
  });
}

describe('live migration of a VM on a classic (non-CSV) disk', () => {
  it('moves the LUN inside the blackout: the blackout is the final copy plus the disk going offline on the source and online on the target', () => {
    const onCsv = run(scenario(CSV)).report.migrations[0];
    const { report, sim } = run(scenario(CLASSIC));
    const m = report.migrations[0];
    assert.equal(m.outcome, 'completed');
    assert.equal(onCsv.outcome, 'completed');
    // Same VM, same network, no writes: the same passes and final copy; the classic disk adds
    // its move, 0.3 s offline on HV01 and 0.7 s online on HV02 (as a quick migration's disk move).
    assert.deepEqual(m.passes.map((p) => p.pages), onCsv.passes.map((p) => p.pages));
    assert.ok(Math.abs(m.blackout! - onCsv.blackout! - 1) < 1e-6, `blackout ${m.blackout} on the classic disk, ${onCsv.blackout} on a CSV`);
    const phases = sim.log.events.filter((e) => e.kind === 'migration.phase' && e.subject === 'WEB');
    assert.deepEqual(phases.map((e) => (e.kind === 'migration.phase' ? [e.phase, e.node] : [])), [['diskOffline', 'HV01'], ['diskOnline', 'HV02']]);
    // The suspension shows as downtime; 1 s is far below the clients' TCP timeout.
    assert.ok(Math.abs(report.vms[0].downtime - m.blackout!) < 1e-9);
    assert.equal(m.clientsDisconnected, 0);
  });

  it('leaves the disk owned by the target, where the VM\'s disk I/O continues', () => {
    const { sim } = run(scenario(CLASSIC));
    const disk = sim.state.disk('Disk Q');
    assert.deepEqual([disk.owner, disk.online], ['HV02', true]);
    assert.equal(sim.state.vm('WEB').node, 'HV02');
    const rates = sim.storage.rates('Disk Q', 'HV02');
    assert.ok(rates.throughput > 0, 'the VM does disk I/O on HV02');
    assert.ok(Math.abs(rates.throughput - 20e6) < 1, `it gets the 20 MB/s it asks for, got ${rates.throughput}`);
    assert.equal(sim.storage.rates('Disk Q', 'HV01').throughput, 0);
  });

  it('no longer depends on the source: a crash of the source afterwards leaves the VM running on the target', () => {
    const { report } = run(scenario(CLASSIC, [{ at: '60s', do: 'crashNode', node: 'HV01' }]));
    assert.equal(report.migrations[0].outcome, 'completed');
    assert.ok(report.migrations[0].completedAt! < 60);
    assert.deepEqual([report.vms[0].node, report.vms[0].state], ['HV02', 'running']);
    assert.deepEqual(report.failovers, []);
  });

  it('fails, the VM resuming on the source with its disk, when the target crashes while the disk moves', () => {
    // Halfway through the disk move (it starts when the final copy ends, and takes 1 s).
    const probe = run(scenario(CLASSIC)).sim.log.events.find((e) => e.kind === 'migration.phase' && e.phase === 'diskOffline');
    assert.ok(probe);
    const at = `${(probe.t + 0.5).toFixed(3)}s`;
    const { report, sim } = run(scenario(CLASSIC, [{ at, do: 'crashNode', node: 'HV02' }]));
    assert.equal(report.migrations[0].outcome, 'failed');
    assert.match(report.migrations[0].reason!, /HV02 went down/);
    assert.deepEqual([report.vms[0].node, report.vms[0].state], ['HV01', 'running']);
    assert.deepEqual([sim.state.disk('Disk Q').owner, sim.state.disk('Disk Q').online], ['HV01', true]);
  });
});
