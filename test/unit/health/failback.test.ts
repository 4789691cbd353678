/**
 * Failback per VM (vms[].failback, settings.failback, settings.startTime), as 2008 R2's group
 * properties AutoFailbackType and FailbackWindowStart/End define it, and done as 2008 R2 moves a
 * group: through the VM's offline action. Expected figures are worked out by hand from the
 * scenario: heartbeats 1 s apart, 5 missed; a CSV on a fabric at 256 MiB/s, so a 4 GiB VM with no
 * disk I/O of its own saves in 16 s and restores in 16 s; guestShutdownTime and bootTime 60 s.
 */
import { strict as assert } from 'node:assert';
import { clockAt, isOpen, nextOpening, timeOfDay } from '../../../src/engine/health/failbackWindow';
import { loadScenario } from '../../../src/engine';
import { cluster, workload, type ScenarioJson } from '../../helpers/runScenario';
import { eventsOf, runChecked } from './helpers';

const quiet = workload('1MB/s', '64MiB', 0.9);

/**
 * Three 64 GiB nodes, one CSV per VM (fabric, 256 MiB/s, so no two VMs share a disk's
 * throughput). HV01 crashes at 10 s (declared down at 15 s: its VMs boot on HV02, online at
 * 75 s) and starts at 100 s: it joins at the next heartbeat, 101 s.
 */
function crashAndReturn(vms: ScenarioJson[], extra: ScenarioJson = {}): ScenarioJson {
  return cluster({
    disks: vms.map((v) => ({ name: `CSV-${String(v.name)}`, size: '1TiB', throughput: '256MiB/s', csv: true, path: 'fabric' })),
    vms: vms.map((v) => ({ owner: 'HV01', memory: '4GiB', workload: quiet, disk: `CSV-${String(v.name)}`, preferredOwners: ['HV01', 'HV02'], ...v })),
    timeline: [
      { at: '10s', do: 'crashNode', node: 'HV01' },
      { at: '100s', do: 'startNode', node: 'HV01' },
    ],
    ...extra,
  });
}

describe('failback: when and whether', () => {
  it('prevent is the default: the VM stays where it failed over when its preferred owner returns', () => {
    const { report } = runChecked(crashAndReturn([{ name: 'A' }]));
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.to, f.onlineAt]), [['A', 'HV02', 75]]);
    assert.deepEqual(report.migrations, []);
    assert.equal(report.vms[0].node, 'HV02');
  });

  it('immediately: when its most preferred owner joins again, the group moves back through its offline action (Save: 16 s + 16 s)', () => {
    const { sim, report } = runChecked(crashAndReturn([{ name: 'A', failback: 'immediately', clients: 5 }]));
    const m = report.migrations;
    assert.deepEqual(
      m.map((r) => [r.vm, r.type, r.cause, r.offlineAction, r.from, r.to, r.requestedAt, r.startedAt, r.completedAt, r.outcome]),
      [['A', 'quick', 'failback', 'save', 'HV02', 'HV01', 101, 101, 133, 'completed']],
    );
    // The failback costs the VM its offline action's outage: 32 s, longer than tcpTimeout (20 s).
    assert.equal(m[0].blackout, 32);
    assert.equal(m[0].clientsDisconnected, 5);
    assert.deepEqual([report.vms[0].node, report.vms[0].state, report.vms[0].downtime], ['HV01', 'running', 65 + 32]);
    assert.deepEqual(
      eventsOf(sim, 'migration.phase').map((e) => [e.t, e.phase, e.node]),
      [[101, 'save', 'HV02'], [117, 'restore', 'HV01']],
    );
  });

  it('through each offline action, with its outage: Save 32 s, Shut down 120 s (60 s shutdown, 60 s boot), Turn off 60 s and the writes a crash loses', () => {
    const web = 'web'; // 2 MB/s of disk writes: what a turn-off loses
    const { report } = runChecked(
      crashAndReturn([
        { name: 'S', failback: 'immediately', offlineAction: 'save' },
        { name: 'D', failback: 'immediately', offlineAction: 'shutdown' },
        { name: 'T', failback: 'immediately', offlineAction: 'turnOff', workload: web },
      ]),
    );
    const byVm = new Map(report.migrations.map((m) => [m.vm, m]));
    assert.deepEqual(
      ['S', 'D', 'T'].map((vm) => {
        const m = byVm.get(vm)!;
        return [vm, m.offlineAction, m.requestedAt, m.completedAt, m.blackout];
      }),
      [
        ['S', 'save', 101, 133, 32],
        ['D', 'shutdown', 101, 221, 120],
        ['T', 'turnOff', 101, 161, 60],
      ],
    );
    // T booted on HV02 at 75 s (its file cache empty then) and was turned off at 101 s: 26 s of
    // filling at 2 MB/s, an eighth flushed every second (health/lostBytes.ts).
    assert.equal(byVm.get('T')!.lostBytes, Math.round(2e6 * 8 * (1 - (7 / 8) ** 26)));
    assert.equal(byVm.get('S')!.lostBytes, 0);
    for (const v of report.vms) assert.deepEqual([v.node, v.state], ['HV01', 'running'], v.vm);
  });

  it('a quick migration by hand still saves, whatever the offline action (the offline action "affects only moving")', () => {
    const { report } = runChecked(
      cluster({
        vms: [{ name: 'D', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: quiet, offlineAction: 'shutdown' }],
        timeline: [{ at: '10s', do: 'quickMigrate', vm: 'D', to: 'HV02' }],
      }),
    );
    assert.deepEqual(report.migrations.map((m) => [m.type, m.cause, m.offlineAction, m.blackout]), [['quick', 'request', 'save', 32]]);
  });

  it('settings.failback: true is failback immediately for the VMs that give no failback of their own', () => {
    const { report } = runChecked(crashAndReturn([{ name: 'A' }, { name: 'B', failback: 'prevent' }], { settings: { failback: true } }));
    assert.deepEqual(report.migrations.map((m) => [m.vm, m.cause, m.to]), [['A', 'failback', 'HV01']]);
    assert.deepEqual(report.vms.map((v) => [v.vm, v.node]), [['A', 'HV01'], ['B', 'HV02']]);
  });

  it('needs a preferred owners list: without one a VM never fails back, and the loader warns', () => {
    const json = crashAndReturn([{ name: 'A', failback: 'immediately', preferredOwners: undefined }]);
    const { report } = runChecked(json);
    assert.deepEqual(report.migrations, []);
    const { diagnostics } = loadScenario(JSON.stringify(json));
    const warning = diagnostics.find((d) => d.code === 'failback-without-preferred-owners');
    assert.ok(warning, 'a warning');
    assert.deepEqual(warning.path, ['vms', 0, 'failback']);
  });

  it('only after a failover: a VM moved by hand since it failed over stays where the administrator put it', () => {
    const { report } = runChecked(
      crashAndReturn([{ name: 'A', failback: 'immediately' }], {
        timeline: [
          { at: '10s', do: 'crashNode', node: 'HV01' },
          { at: '80s', do: 'liveMigrate', vm: 'A', to: 'HV03' },
          { at: '100s', do: 'startNode', node: 'HV01' },
        ],
      }),
    );
    assert.deepEqual(report.migrations.map((m) => [m.type, m.cause, m.outcome]), [['live', 'request', 'completed']]);
    assert.equal(report.vms[0].node, 'HV03');
  });

  it('to the highest-priority preferred owner available: back to HV02 when it joins, then to HV01 when it joins', () => {
    const { report } = runChecked(
      cluster({
        nodes: ['HV01', 'HV02', 'HV03', 'HV04', 'HV05'].map((name) => ({ name, memory: '64GiB' })),
        vms: [{ name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: quiet, failback: 'immediately', preferredOwners: ['HV01', 'HV02', 'HV03'] }],
        timeline: [
          // HV01 crashes: A on HV02 (online at 75 s). HV02 crashes: A on HV03 (declared at 105 s, online at 165 s).
          { at: '10s', do: 'crashNode', node: 'HV01' },
          { at: '100s', do: 'crashNode', node: 'HV02' },
          { at: '300s', do: 'startNode', node: 'HV02' },
          { at: '400s', do: 'startNode', node: 'HV01' },
        ],
      }),
    );
    assert.deepEqual(report.failovers.map((f) => [f.from, f.to, f.onlineAt]), [['HV01', 'HV02', 75], ['HV02', 'HV03', 165]]);
    assert.deepEqual(report.migrations.map((m) => [m.cause, m.from, m.to, m.requestedAt, m.completedAt]), [
      ['failback', 'HV03', 'HV02', 301, 333],
      ['failback', 'HV02', 'HV01', 401, 433],
    ]);
  });

  it('never to a preferred owner that is not a possible owner: HV01 joining moves nothing, HV02 joining takes A back', () => {
    const { report } = runChecked(
      cluster({
        // Five nodes, so that two of them down leave quorum (3 of 5 votes).
        nodes: ['HV01', 'HV02', 'HV03', 'HV04', 'HV05'].map((name) => ({ name, memory: '64GiB' })),
        vms: [{ name: 'A', owner: 'HV02', memory: '4GiB', disk: 'CSV1', workload: quiet, failback: 'immediately', preferredOwners: ['HV01', 'HV02'], possibleOwners: ['HV02', 'HV03'] }],
        timeline: [
          // HV02 crashes: A fails over to HV03 (HV01 is not a possible owner), online at 75 s.
          { at: '10s', do: 'crashNode', node: 'HV02' },
          { at: '100s', do: 'crashNode', node: 'HV01' },
          { at: '200s', do: 'startNode', node: 'HV01' },
          { at: '300s', do: 'startNode', node: 'HV02' },
        ],
      }),
    );
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.from, f.to]), [['A', 'HV02', 'HV03']]);
    assert.deepEqual(report.migrations.map((m) => [m.cause, m.from, m.to, m.requestedAt]), [['failback', 'HV03', 'HV02', 301]]);
  });

  it('a node joining moves only the VMs whose highest-priority available preferred owner it is', () => {
    // A prefers HV02 then HV03, so its node list is HV02, HV03, HV01, HV04: when HV01 crashes it fails
    // over to the node after HV01 in that list, HV04. HV01 joining later is not a preferred owner of
    // A: A stays on HV04 (a failback only follows a preferred owner joining, and HV02 and HV03 were
    // there all along).
    const { report } = runChecked(
      cluster({
        nodes: [
          { name: 'HV01', memory: '64GiB' },
          { name: 'HV02', memory: '6GiB' },
          { name: 'HV03', memory: '64GiB' },
          { name: 'HV04', memory: '64GiB' },
        ],
        vms: [
          { name: 'A', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: quiet, failback: 'immediately', preferredOwners: ['HV02', 'HV03'] },
          { name: 'B', owner: 'HV02', memory: '4GiB', disk: 'CSV1', workload: quiet },
        ],
        timeline: [
          { at: '10s', do: 'crashNode', node: 'HV01' },
          { at: '100s', do: 'startNode', node: 'HV01' },
        ],
      }),
    );
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.to]), [['A', 'HV04']]);
    assert.deepEqual(report.migrations, []);
  });
});

describe('failback: the window (FailbackWindowStart/End) on the simulated clock', () => {
  const windowed = (startTime: string, failback: ScenarioJson) => crashAndReturn([{ name: 'A', failback }], { settings: { startTime } });

  it('inside the window: at once (the run starts at 23:00, HV01 joins at 23:01:41, the window is 22 to 6)', () => {
    const { report } = runChecked(windowed('23:00', { windowStart: 22, windowEnd: 6 }));
    assert.deepEqual(report.migrations.map((m) => [m.cause, m.requestedAt]), [['failback', 101]]);
  });

  it('outside the window: it waits until the window opens (21:00 + 101 s = 21:01:41, the window opens at 22:00, 3,600 s after the start)', () => {
    const { sim, report } = runChecked(windowed('21:00', { windowStart: 22, windowEnd: 6 }));
    assert.deepEqual(eventsOf(sim, 'failback.waiting').map((e) => [e.t, e.subject, e.to, e.at]), [[101, 'A', 'HV01', 3600]]);
    assert.match(eventsOf(sim, 'failback.waiting')[0].reason, /only from 22:00 to 06:00; it is 21:01: it waits until 22:00/);
    assert.deepEqual(report.migrations.map((m) => [m.cause, m.requestedAt, m.completedAt]), [['failback', 3600, 3632]]);
  });

  it('a window that wraps past midnight closes at its end hour: joining at 06:00:41 waits for 22:00, 57,660 s after a 05:59 start', () => {
    const { report } = runChecked(windowed('05:59', { windowStart: 22, windowEnd: 6 }));
    assert.deepEqual(report.migrations.map((m) => m.requestedAt), [16 * 3600 + 60]);
  });

  it('a window within a day: joining at 03:01:11 after a 02:59:30 start misses 1 to 3 and waits for 01:00 the next day (79,230 s)', () => {
    const { report } = runChecked(windowed('02:59:30', { windowStart: 1, windowEnd: 3 }));
    assert.deepEqual(report.migrations.map((m) => m.requestedAt), [22 * 3600 + 30]);
  });

  it('when the window opens, a VM moved by hand meanwhile, or whose preferred owner is gone, stays', () => {
    const { report } = runChecked(
      crashAndReturn([{ name: 'A', failback: { windowStart: 22, windowEnd: 6 } }], {
        settings: { startTime: '21:00' },
        timeline: [
          { at: '10s', do: 'crashNode', node: 'HV01' },
          { at: '100s', do: 'startNode', node: 'HV01' },
          { at: '200s', do: 'crashNode', node: 'HV01' },
        ],
      }),
    );
    // HV01 is down when the window opens at 3,600 s: nothing to fail back to.
    assert.deepEqual(report.migrations, []);
    assert.equal(report.vms[0].node, 'HV02');
  });

  it('time of day: start hour included, end hour excluded, wrapping past midnight', () => {
    const night = { start: 22, end: 6 };
    const h = 3600;
    assert.deepEqual([22 * h, 23.99 * h, 0, 5.99 * h, 6 * h, 12 * h, 21.99 * h].map((t) => isOpen(night, t)), [true, true, true, true, false, false, false]);
    assert.deepEqual([1 * h, 2.5 * h, 3 * h, 0.5 * h].map((t) => isOpen({ start: 1, end: 3 }, t)), [true, true, false, false]);
    assert.equal(timeOfDay(23 * h, 2 * h), 1 * h);
    assert.equal(nextOpening(night, 21 * h, 0), 1 * h);
    assert.equal(nextOpening(night, 23 * h, 10), 10, 'open already');
    assert.equal(clockAt(9 * h + 30 * 60, 3 * h), '12:30');
  });
});

describe('failback: scenario format', () => {
  it('a window that starts and ends at the same hour is an error at its path, with what a valid one looks like', () => {
    const { diagnostics, scenario } = loadScenario(JSON.stringify(crashAndReturn([{ name: 'A', failback: { windowStart: 4, windowEnd: 4 } }])));
    assert.equal(scenario, null);
    const d = diagnostics.find((x) => x.code === 'failback-window-empty');
    assert.ok(d);
    assert.deepEqual(d.path, ['vms', 0, 'failback']);
    assert.match(d.message, /starts and ends at the same hour \(4\)/);
  });

  it('startTime must be a time of day; failback a policy or a window of hours 0 to 23', () => {
    const bad = (mutate: (s: ScenarioJson) => void) => {
      const s = crashAndReturn([{ name: 'A' }]);
      mutate(s);
      return loadScenario(JSON.stringify(s)).diagnostics.filter((d) => d.severity === 'error');
    };
    const time = bad((s) => (s.settings = { startTime: '25:00' }));
    assert.deepEqual(time.map((d) => [d.code, d.path.join('.')]), [['invalid-value', 'settings.startTime']]);
    assert.match(time[0].hint ?? '', /24-hour clock/);
    assert.deepEqual(
      bad((s) => ((s.vms as ScenarioJson[])[0].failback = { windowStart: 24, windowEnd: 6 })).map((d) => [d.code, d.path.join('.')]),
      [['out-of-range', 'vms.0.failback.windowStart']],
    );
    assert.deepEqual(
      bad((s) => ((s.vms as ScenarioJson[])[0].failback = 'always')).map((d) => d.code),
      ['invalid-value'],
    );
  });
});
