import { strict as assert } from 'node:assert';
import { cluster, GiB, run, workload } from '../../helpers/runScenario';
import type { Simulation } from '../../../src/engine/simulation/simulation';
import { invariantViolations } from '../../../src/engine/simulation/invariants';

const busy = workload('20MB/s', '1GiB', 0.9);
const vm = { name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: busy, clients: 10 };

/** Checked after every logged event: one node per VM, memory exactly accounted, never over-committed. */
function memoryNeverOvercommitted(sim: Simulation): void {
  assert.deepEqual(invariantViolations(sim), [], `at t=${sim.now}`);
}

describe('live migration failures', () => {
  it('fails when the network fails mid-pass; the VM keeps running on the source, the shell is freed', () => {
    const { report, sim } = run(
      cluster({
        settings: { liveMigration: { networks: ['Live Migration'] } },
        vms: [vm],
        timeline: [
          { at: '10s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
          { at: '20s', do: 'failNetwork', network: 'Live Migration' },
        ],
      }),
      memoryNeverOvercommitted,
    );
    const m = report.migrations[0];
    assert.equal(m.outcome, 'failed');
    assert.match(m.reason!, /Live Migration/);
    assert.equal(m.completedAt, 20);
    assert.deepEqual(report.vms[0], { vm: 'A', node: 'HV01', state: 'running', downtime: 0, clientsDisconnected: 0 });
    assert.equal(sim.state.node('HV02').reserved, 0);
    assert.equal(sim.state.node('HV01').reserved, 4 * GiB);
  });

  it('fails when the target crashes; the VM stays on the source, untouched', () => {
    const { report } = run(
      cluster({
        vms: [vm],
        timeline: [
          { at: '10s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
          { at: '25s', do: 'crashNode', node: 'HV02' },
        ],
      }),
      memoryNeverOvercommitted,
    );
    const m = report.migrations[0];
    assert.equal(m.outcome, 'failed');
    assert.match(m.reason!, /target node HV02 went down/);
    assert.equal(report.vms[0].node, 'HV01');
    assert.equal(report.vms[0].state, 'running');
    assert.equal(report.vms[0].downtime, 0);
  });

  it('never completes when the source crashes (the VM fails over instead: test/unit/health)', () => {
    const { report } = run(
      cluster({
        vms: [{ ...vm, preferredOwners: ['HV01', 'HV03', 'HV02'] }],
        timeline: [
          { at: '10s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
          { at: '25s', do: 'crashNode', node: 'HV01' },
        ],
      }),
      memoryNeverOvercommitted,
    );
    assert.equal(report.migrations[0].outcome, 'failed');
    assert.match(report.migrations[0].reason!, /source node HV01 went down/);
    // It never reached HV02: it went down with HV01 and was restarted by failover, on the next
    // node after HV01 in its list (HV03), not on the target of the migration that failed.
    assert.deepEqual(report.failovers.map((f) => [f.from, f.to]), [['HV01', 'HV03']]);
  });

  it('refuses, with the cause, a target without enough free memory, a down target, and a VM that is off', () => {
    const { report } = run(
      cluster({
        nodes: [
          { name: 'HV01', memory: '64GiB' },
          { name: 'HV02', memory: '2GiB' },
          { name: 'HV03', memory: '64GiB' },
        ],
        vms: [vm, { ...vm, name: 'OFF', state: 'off' }],
        timeline: [
          { at: '1s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
          { at: '2s', do: 'crashNode', node: 'HV03' },
          { at: '3s', do: 'liveMigrate', vm: 'A', to: 'HV03' },
          { at: '4s', do: 'liveMigrate', vm: 'OFF', to: 'HV02' },
        ],
      }),
    );
    const reasons = report.migrations.map((m) => m.reason);
    assert.match(reasons[0]!, /HV02 has 2 GiB free, A needs 4 GiB/);
    assert.match(reasons[1]!, /HV03 is down/);
    assert.match(reasons[2]!, /OFF is off/);
    assert.ok(report.migrations.every((m) => m.outcome === 'failed' && m.passes.length === 0));
    assert.equal(report.vms[0].node, 'HV01');
  });

  it('refuses when no live-migration network connects the two nodes', () => {
    const { report } = run(
      cluster({
        settings: { liveMigration: { networks: ['Live Migration'] } },
        vms: [vm],
        timeline: [
          { at: '1s', do: 'disconnect', node: 'HV02', network: 'Live Migration' },
          { at: '2s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
        ],
      }),
    );
    assert.equal(report.migrations[0].outcome, 'failed');
    assert.match(report.migrations[0].reason!, /no live-migration network is up between HV01 and HV02/);
  });

  it('keeps memory consistent and a VM on one node at every event of a busy run', () => {
    const { report } = run(
      cluster({
        settings: { liveMigration: { maxConcurrentPerNode: 2, networks: ['Live Migration', 'LAN'] } },
        vms: [vm, { ...vm, name: 'B', owner: 'HV02' }, { ...vm, name: 'C', owner: 'HV03', workload: 'database' }],
        timeline: [
          { at: '1s', do: 'liveMigrate', vm: 'A', to: 'HV02' },
          { at: '1s', do: 'liveMigrate', vm: 'B', to: 'HV03' },
          { at: '1s', do: 'liveMigrate', vm: 'C', to: 'HV01' },
          { at: '15s', do: 'disconnect', node: 'HV03', network: 'Live Migration' },
          { at: '60s', do: 'drainNode', node: 'HV01' },
        ],
      }),
      memoryNeverOvercommitted,
    );
    assert.ok(report.migrations.length >= 3);
    for (const m of report.migrations.filter((x) => x.outcome === 'completed')) assert.equal(m.lostPages, 0, `${m.vm} lost no page`);
  });
});
