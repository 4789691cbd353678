import { strict as assert } from 'node:assert';
import { takeSnapshot } from '../../../src/engine/takeSnapshot';
import { cluster } from '../../helpers/runScenario';
import { eventsOf, nodeStates, runChecked } from './helpers';

/**
 * A node cut off from its client networks (issue 14): its VMs keep running, isolated, nothing
 * moves them (2008 R2 has no VM network health detection), and their clients are lost once the
 * isolation lasts longer than tcpTimeout (20 s by default). The cluster networks stay up, so the
 * node stays a member with quorum throughout.
 */
const web = { name: 'WEB01', owner: 'HV02', memory: '4GiB', disk: 'CSV1', workload: 'idle', clients: 50 };
const other = { name: 'APP01', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: 'idle', clients: 10 };

describe('client isolation: a node loses every client network', () => {
  it('longer than tcpTimeout: the VM keeps running where it is, its clients are lost at from + tcpTimeout, with the cause', () => {
    const { sim, report } = runChecked(
      cluster({
        vms: [web, other],
        timeline: [
          { at: '30s', do: 'disconnect', node: 'HV02', network: 'LAN' },
          { at: '2m', do: 'reconnect', node: 'HV02', network: 'LAN' },
        ],
      }),
    );
    // Nothing moved, nothing failed over, every node stayed a member.
    assert.deepEqual(report.migrations, []);
    assert.deepEqual(report.failovers, []);
    assert.deepEqual(nodeStates(sim), ['HV01:up', 'HV02:up', 'HV03:up']);
    assert.deepEqual(report.quorum.map((q) => q.hasQuorum), [true]);
    // 30 s + 20 s: the clients time out at 50 s.
    assert.deepEqual(
      report.isolations.map((i) => [i.vm, i.node, i.cause, i.from, i.to, i.clientsDisconnected, i.disconnectedAt]),
      [['WEB01', 'HV02', 'clientNetworkLost', 30, 120, 50, 50]],
    );
    assert.match(report.isolations[0].reason, /no client network reaches HV02 \(its link to LAN is down\): WEB01 keeps running there, isolated/);
    const lost = eventsOf(sim, 'vm.clientsDisconnected');
    assert.deepEqual(lost.map((e) => [e.t, e.subject, e.count, e.outage]), [[50, 'WEB01', 50, 20]]);
    assert.match(lost[0].reason, /isolated on HV02 for longer than tcpTimeout \(20 s\)/);
    assert.deepEqual(eventsOf(sim, 'vm.isolated').map((e) => [e.t, e.subject, e.isolated]), [[30, 'WEB01', true], [120, 'WEB01', false]]);
    // Running throughout; its clients could not use it for 90 s; APP01 (on HV01) untouched.
    assert.deepEqual(
      report.vms.map((v) => [v.vm, v.node, v.state, v.downtime, v.clientsDisconnected]),
      [['WEB01', 'HV02', 'running', 90, 50], ['APP01', 'HV01', 'running', 0, 0]],
    );
    assert.deepEqual(sim.log.events.filter((e) => e.kind === 'vm.state'), [], 'no VM changed state');
  });

  it('shorter than tcpTimeout: nothing is lost; exactly tcpTimeout is not longer than it', () => {
    for (const back of ['45s', '50s']) {
      const { sim, report } = runChecked(
        cluster({
          vms: [web],
          timeline: [
            { at: '30s', do: 'disconnect', node: 'HV02', network: 'LAN' },
            { at: back, do: 'reconnect', node: 'HV02', network: 'LAN' },
          ],
        }),
      );
      assert.deepEqual(report.isolations.map((i) => [i.from, i.to, i.clientsDisconnected, i.disconnectedAt]), [[30, parseFloat(back), 0, null]], back);
      assert.deepEqual(eventsOf(sim, 'vm.clientsDisconnected'), [], back);
      assert.equal(report.vms[0].clientsDisconnected, 0, back);
    }
  });

  it('the whole client network failing isolates every node: each VM loses its clients, and the run goes on to the time out', () => {
    const { sim, report } = runChecked(cluster({ vms: [web, other], timeline: [{ at: '10s', do: 'failNetwork', network: 'LAN' }] }));
    assert.deepEqual(report.isolations.map((i) => [i.vm, i.node, i.from, i.to, i.clientsDisconnected, i.disconnectedAt]), [
      ['WEB01', 'HV02', 10, null, 50, 30],
      ['APP01', 'HV01', 10, null, 10, 30],
    ]);
    assert.match(report.isolations[0].reason, /LAN is down/);
    // The run waited for the time out (no duration given), and nothing was left pending.
    assert.equal(report.simulatedTime, 30);
    assert.equal(report.endReason, 'finished');
    assert.deepEqual(report.notices, []);
    assert.deepEqual(nodeStates(sim), ['HV01:up', 'HV02:up', 'HV03:up']);
  });

  it('a VM live-migrated onto an isolated node is isolated from its arrival; one that leaves is reachable again', () => {
    const { sim, report } = runChecked(
      cluster({
        vms: [web, other],
        timeline: [
          { at: '10s', do: 'disconnect', node: 'HV03', network: 'LAN' },
          { at: '15s', do: 'liveMigrate', vm: 'APP01', to: 'HV03' },
          { at: '100s', do: 'liveMigrate', vm: 'APP01', to: 'HV01' },
        ],
      }),
    );
    const [there, back] = report.migrations;
    assert.deepEqual([there.outcome, back.outcome], ['completed', 'completed']);
    // Its clients cannot follow it to HV03: they have no answer from the suspend on HV01 (the
    // blackout starts the silence) and time out tcpTimeout later.
    const suspendedAt = eventsOf(sim, 'migration.suspended')[0].t;
    const arrivedAt = eventsOf(sim, 'migration.resumed')[0].t;
    const iso = report.isolations.filter((i) => i.vm === 'APP01');
    assert.equal(iso.length, 1);
    assert.deepEqual([iso[0].node, iso[0].from, iso[0].clientsDisconnected], ['HV03', arrivedAt, 10]);
    assert.ok(Math.abs((iso[0].disconnectedAt ?? 0) - (suspendedAt + 20)) < 1e-9, `${iso[0].disconnectedAt} vs ${suspendedAt + 20}`);
    // It leaves HV03 when its second migration resumes on HV01: reachable again.
    const resumedBack = eventsOf(sim, 'migration.resumed')[1].t;
    assert.equal(iso[0].to, resumedBack);
    assert.deepEqual(eventsOf(sim, 'vm.isolated').filter((e) => e.subject === 'APP01').map((e) => [e.t, e.node, e.isolated]), [
      [arrivedAt, 'HV03', true],
      [resumedBack, 'HV01', false],
    ]);
    // Lost once (the migration's own blackout was short), counted on the VM, not on the migrations.
    assert.deepEqual([there.clientsDisconnected, back.clientsDisconnected, report.vms[1].clientsDisconnected], [0, 0, 10]);
    // WEB01 on HV02 never was isolated.
    assert.equal(report.isolations.some((i) => i.vm === 'WEB01'), false);
  });

  it('an isolated VM that crashes with its node does not lose its clients twice; its downtime counts the isolation', () => {
    const { report } = runChecked(
      cluster({
        vms: [web],
        timeline: [
          { at: '30s', do: 'disconnect', node: 'HV02', network: 'LAN' },
          { at: '60s', do: 'crashNode', node: 'HV02' },
        ],
      }),
    );
    const f = report.failovers[0];
    // The crash is detected from the crash itself (5 heartbeats later) and the VM boots on another node.
    assert.deepEqual([f.vm, f.cause, f.failedAt, f.to !== null && f.to !== 'HV02'], ['WEB01', 'nodeCrashed', 60, true]);
    assert.deepEqual(report.isolations.map((i) => [i.from, i.to, i.clientsDisconnected, i.disconnectedAt]), [[30, 60, 50, 50]]);
    const v = report.vms[0];
    // Clients lost once (at 50 s); unusable from 30 s until it runs again on HV01.
    assert.deepEqual([v.clientsDisconnected, v.downtime], [50, (f.onlineAt ?? 0) - 30]);
  });

  it('a node that loses its client network and then quorum: the failover starts when the clients lost it (the same notion)', () => {
    const { report } = runChecked(
      cluster({
        vms: [web],
        timeline: [
          { at: '30s', do: 'disconnect', node: 'HV02', network: 'LAN' },
          { at: '40s', do: 'disconnect', node: 'HV02', network: 'Cluster' },
          { at: '40s', do: 'disconnect', node: 'HV02', network: 'Live Migration' },
        ],
      }),
    );
    const f = report.failovers[0];
    assert.deepEqual([f.cause, f.from, f.failedAt, f.detectedAt], ['quorumLost', 'HV02', 30, 45]);
    // Isolated 15 s, less than tcpTimeout: the clients are lost when the VM stops (at 45 s), once.
    assert.deepEqual(report.isolations.map((i) => [i.from, i.to, i.clientsDisconnected]), [[30, 45, 0]]);
    assert.equal(report.vms[0].clientsDisconnected, 50);
    assert.equal(report.vms[0].downtime, (f.onlineAt ?? 0) - 30);
  });

  it('the snapshot shows a VM isolated, since when', () => {
    const json = cluster({ vms: [web], timeline: [{ at: '30s', do: 'disconnect', node: 'HV02', network: 'LAN' }], duration: '40s' });
    const { sim } = runChecked(json);
    const vm = takeSnapshot(sim).vms[0];
    assert.deepEqual([vm.status, vm.isolatedSince], ['running', 30]);
  });

  it('a scenario without client networks isolates nobody', () => {
    const { report } = runChecked(
      cluster({
        networks: [
          { name: 'Cluster', role: 'cluster', bandwidth: '1Gbps' },
          { name: 'Live Migration', role: 'cluster', bandwidth: '1Gbps' },
        ],
        settings: { liveMigration: { networks: ['Live Migration'] } },
        vms: [web],
        timeline: [{ at: '30s', do: 'disconnect', node: 'HV02', network: 'Live Migration' }],
      }),
    );
    assert.deepEqual(report.isolations, []);
  });
});
