import { strict as assert } from 'node:assert';
import { beatAfter, beatAtOrAfter, detectionTime, HeartbeatPairs, seenTime } from '../../../src/engine/health/heartbeat';
import { cluster, GiB } from '../../helpers/runScenario';
import { eventsOf, nodeStates, runChecked } from './helpers';

const vm = { name: 'VM1', owner: 'HV03', memory: '4GiB', disk: 'CSV1', workload: 'web', clients: 10 };

describe('heartbeats: timing', () => {
  it('beats at k x delay; a loss at t0 is declared at ceil(t0 / delay) x delay + threshold x delay', () => {
    assert.equal(beatAtOrAfter(720, 1), 720);
    assert.equal(beatAtOrAfter(720.2, 1), 721);
    assert.equal(beatAfter(720, 1), 721);
    assert.equal(beatAfter(720.2, 1), 721);
    assert.equal(detectionTime(720, { delay: 1, threshold: 5 }), 725);
    assert.equal(detectionTime(12.3, { delay: 0.5, threshold: 10 }), 17.5);
    assert.equal(detectionTime(72.5, { delay: 0.1, threshold: 7 }), 73.2);
    assert.equal(seenTime(300, { delay: 1, threshold: 5 }), 301);
  });

  it('detection takes delay x threshold, plus at most one delay, whatever the phase of the loss', () => {
    for (const hb of [
      { delay: 1, threshold: 5 },
      { delay: 0.5, threshold: 10 },
      { delay: 2, threshold: 3 },
      { delay: 0.25, threshold: 1 },
    ]) {
      for (let t0 = 0; t0 < 10; t0 += 0.137) {
        const d = detectionTime(t0, hb) - t0;
        const base = hb.delay * hb.threshold;
        assert.ok(d >= base - 1e-9 && d < base + hb.delay + 1e-9, `delay ${hb.delay}, threshold ${hb.threshold}, t0 ${t0}: ${d}`);
      }
    }
  });

  it('a pair lost and back before the verdict never changes; one that stays lost flips at the verdict', () => {
    const pairs = new HeartbeatPairs(3, { delay: 1, threshold: 5 });
    let up = true;
    pairs.update(10, (i, j) => up || !(i === 0 && j === 1));
    up = false;
    pairs.update(10, (i, j) => up || !(i === 0 && j === 1));
    assert.equal(pairs.nextDue(), 15);
    assert.equal(pairs.isSeen(0, 1), true);
    pairs.update(13, () => true);
    assert.equal(pairs.nextDue(), Number.POSITIVE_INFINITY, 'back before the verdict: cancelled');
    pairs.update(20, (i, j) => !(i === 0 && j === 1));
    assert.equal(pairs.applyDue(24.9), 0);
    assert.equal(pairs.applyDue(25), 1);
    assert.equal(pairs.isSeen(0, 1), false);
    assert.equal(pairs.isSeen(1, 2), true);
    pairs.update(30.5, () => true);
    assert.equal(pairs.nextDue(), 31, 'seen again at the next heartbeat');
    assert.equal(pairs.isBeingSeen(0), true);
  });
});

describe('heartbeats: detection in a run', () => {
  it('a crash is declared after delay x threshold (+ at most one delay), by every other node', () => {
    for (const [at, hb, expected] of [
      ['60s', { delay: '1s', threshold: 5 }, 65],
      ['60.3s', { delay: '1s', threshold: 5 }, 66],
      ['60.3s', { delay: '500ms', threshold: 10 }, 65.5],
      ['61s', { delay: '2s', threshold: 3 }, 68],
    ] as const) {
      const { sim, report } = runChecked(cluster({ settings: { heartbeat: hb }, vms: [vm], timeline: [{ at, do: 'crashNode', node: 'HV03' }] }));
      const declared = eventsOf(sim, 'node.declaredDown');
      assert.equal(declared.length, 1);
      assert.equal(declared[0].subject, 'HV03');
      assert.equal(declared[0].t, expected, `${at} with ${JSON.stringify(hb)}`);
      assert.deepEqual(declared[0].by, ['HV01', 'HV02']);
      assert.equal(declared[0].since, sim.scenario.timeline[0].at);
      assert.equal(report.failovers[0].detectedAt, expected);
      assert.equal(report.failovers[0].failedAt, sim.scenario.timeline[0].at);
    }
  });

  it('losing one network is not a failure: NetFT moves to the next, no heartbeat is lost', () => {
    const { sim, report } = runChecked(
      cluster({
        vms: [vm],
        duration: '2m',
        timeline: [
          { at: '10s', do: 'disconnect', node: 'HV03', network: 'Cluster' },
          { at: '20s', do: 'failNetwork', network: 'Live Migration' },
        ],
      }),
    );
    assert.deepEqual(eventsOf(sim, 'node.declaredDown'), []);
    assert.deepEqual(report.failovers, []);
    assert.deepEqual(report.quorum.map((q) => q.hasQuorum), [true]);
    assert.deepEqual(nodeStates(sim), ['HV01:up', 'HV02:up', 'HV03:up']);
    assert.deepEqual([report.vms[0].node, report.vms[0].state, report.vms[0].downtime], ['HV03', 'running', 0]);
  });

  it('every network lost for less than the detection time: nothing happens', () => {
    const { sim, report } = runChecked(
      cluster({
        vms: [vm],
        duration: '1m',
        timeline: [
          { at: '10s', do: 'failNetwork', network: 'Cluster' },
          { at: '10s', do: 'failNetwork', network: 'Live Migration' },
          { at: '10s', do: 'disconnect', node: 'HV03', network: 'LAN' },
          { at: '14s', do: 'reconnect', node: 'HV03', network: 'LAN' },
        ],
      }),
    );
    assert.deepEqual(eventsOf(sim, 'node.declaredDown'), []);
    assert.deepEqual(report.failovers, []);
    assert.equal(report.vms[0].state, 'running');
  });

  it('every cluster network lost to one node: it is declared down, stops, and its VMs restart elsewhere; downtime = detection + boot', () => {
    const { sim, report } = runChecked(
      cluster({
        // Not drawn at random: the next node after HV03 in file order, wrapping round, is HV01.
        settings: { liveMigration: { networks: ['Live Migration', 'LAN'] }, disableGroupPreferredOwnerRandomization: true },
        vms: [vm],
        timeline: [
          { at: '30s', do: 'disconnect', node: 'HV03', network: 'Cluster' },
          { at: '30s', do: 'disconnect', node: 'HV03', network: 'Live Migration' },
          { at: '30s', do: 'disconnect', node: 'HV03', network: 'LAN' },
        ],
      }),
    );
    const declared = eventsOf(sim, 'node.declaredDown');
    assert.deepEqual(declared.map((e) => [e.t, e.subject, e.since]), [[35, 'HV03', 30]]);
    assert.match(declared[0].reason, /no cluster network carries heartbeats between HV03 and HV01, HV02 since 00:00:30/);
    // HV03 is alone: 1 of 3 votes. Its cluster service stops; it is down (though it still runs).
    assert.deepEqual(nodeStates(sim), ['HV01:up', 'HV02:up', 'HV03:down']);
    const stop = eventsOf(sim, 'node.state').find((e) => e.subject === 'HV03')!;
    assert.equal(stop.t, 35);
    assert.match(stop.reason, /cluster service stopped: its partition \(HV03\) has 1 of 3 votes/);
    const f = report.failovers[0];
    // Its clients lost it with its LAN link at 30 s: that is when its outage began.
    assert.deepEqual([f.vm, f.from, f.to, f.failedAt, f.detectedAt, f.onlineAt, f.downtime, f.cause], ['VM1', 'HV03', 'HV01', 30, 35, 95, 65, 'quorumLost']);
    assert.deepEqual([report.vms[0].node, report.vms[0].state, report.vms[0].downtime, report.vms[0].clientsDisconnected], ['HV01', 'running', 65, 10]);
    assert.equal(sim.state.node('HV03').reserved, 0);
    assert.equal(sim.state.node('HV01').reserved, 4 * GiB);
  });

  it('a node that comes back into reach rejoins at the next heartbeat and can host VMs again', () => {
    const { sim, report } = runChecked(
      cluster({
        vms: [vm],
        timeline: [
          { at: '30s', do: 'disconnect', node: 'HV03', network: 'Cluster' },
          { at: '30s', do: 'disconnect', node: 'HV03', network: 'Live Migration' },
          { at: '30s', do: 'disconnect', node: 'HV03', network: 'LAN' },
          { at: '100.5s', do: 'reconnect', node: 'HV03', network: 'LAN' },
          { at: '110s', do: 'liveMigrate', vm: 'VM1', to: 'HV03' },
        ],
      }),
    );
    const hv03 = eventsOf(sim, 'node.state').filter((e) => e.subject === 'HV03').map((e) => [e.t, e.state]);
    assert.deepEqual(hv03, [[35, 'down'], [100.5, 'joining'], [101, 'up']]);
    assert.equal(report.migrations[0].outcome, 'completed');
    assert.deepEqual([report.vms[0].node, report.vms[0].state], ['HV03', 'running']);
  });
});
