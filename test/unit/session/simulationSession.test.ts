import { strict as assert } from 'node:assert';
import { NOTIFY_INTERVAL_MS, SimulationSession, type SessionChange } from '../../../src/extension/session/simulationSession';
import { cluster, type ScenarioJson } from '../../helpers/runScenario';
import { FakeTimers, drive } from './fakeTimers';

/** SQL01 on HV01 and WEB01 on HV02; HV03's LAN cable is pulled at 10s and plugged back at 30s. */
export function sessionScenario(overrides: ScenarioJson = {}): ScenarioJson {
  return cluster({
    vms: [
      { name: 'SQL01', owner: 'HV01', memory: '8GiB', disk: 'CSV1', workload: 'database', clients: 20 },
      { name: 'WEB01', owner: 'HV02', memory: '4GiB', disk: 'CSV1', workload: 'web', clients: 50 },
    ],
    timeline: [
      { at: '10s', do: 'disconnect', node: 'HV03', network: 'LAN' },
      { at: '30s', do: 'reconnect', node: 'HV03', network: 'LAN' },
    ],
    ...overrides,
  });
}

function loaded(json: ScenarioJson = sessionScenario(), options = {}): { session: SimulationSession; timers: FakeTimers; changes: { at: number; change: SessionChange }[] } {
  const timers = new FakeTimers();
  const session = new SimulationSession(timers, options);
  const changes: { at: number; change: SessionChange }[] = [];
  session.onDidChange((change) => changes.push({ at: timers.now(), change }));
  const result = session.load(JSON.stringify(json, null, 2), 'memory://test.cluster.json');
  assert.ok(result.ok, JSON.stringify(result.diagnostics));
  return { session, timers, changes };
}

describe('SimulationSession', () => {
  it('loads a scenario ready to run at time zero, and says so', () => {
    const { session, changes } = loaded();
    assert.equal(session.state, 'ready');
    assert.equal(session.time, 0);
    assert.equal(session.source?.name, 'memory://test.cluster.json');
    assert.equal(changes.length, 1);
    assert.equal(changes[0].change.state, 'ready');
    assert.equal(session.snapshot()?.t, 0);
  });

  it('refuses a file with errors and keeps the scenario it had', () => {
    const { session } = loaded();
    const before = session.scenario;
    const result = session.load('{ "name": 1 }', 'bad.cluster.json');
    assert.equal(result.ok, false);
    assert.ok(result.diagnostics.some((d) => d.severity === 'error'));
    assert.equal(session.scenario, before);
    assert.equal(session.state, 'ready');
  });

  it('plays at speed x wall time', () => {
    const { session, timers } = loaded();
    session.setSpeed(10);
    session.play();
    assert.equal(session.state, 'playing');
    timers.advance(1000);
    assert.equal(session.time, 10);
    session.setSpeed(1);
    timers.advance(2000);
    assert.ok(Math.abs(session.time - 12) < 1e-9, `${session.time}`);
    session.setSpeed(100);
    timers.advance(100);
    assert.ok(Math.abs(session.time - 22) < 1e-9, `${session.time}`);
  });

  it('stops advancing when paused, and goes on from there', () => {
    const { session, timers } = loaded();
    session.setSpeed(10);
    session.play();
    timers.advance(500);
    session.pause();
    assert.equal(session.state, 'paused');
    const t = session.time;
    timers.advance(10_000);
    assert.equal(session.time, t);
    session.play();
    timers.advance(500);
    assert.equal(session.time, t + 5);
  });

  it('steps to the time of the next event', () => {
    const { session } = loaded();
    assert.equal(session.step(), true);
    assert.equal(session.time, 10);
    assert.equal(session.state, 'paused');
    assert.equal(session.snapshot()?.networks.find((n) => n.name === 'LAN')?.links.find((l) => l.node === 'HV03')?.up, false);
    assert.equal(session.step(), true);
    assert.equal(session.time, 30);
    // Nothing else to do: the run ends.
    assert.equal(session.step(), false);
    assert.equal(session.state, 'ended');
  });

  it('never steps past the scenario duration', () => {
    const { session } = loaded(sessionScenario({ duration: '20s', timeline: [{ at: '10s', do: 'liveMigrate', vm: 'SQL01', to: 'HV02' }] }));
    session.step();
    assert.equal(session.time, 10);
    while (session.step()) assert.ok(session.time <= 20);
    assert.equal(session.time, 20);
    assert.equal(session.state, 'ended');
  });

  it('ends a played run at its duration', () => {
    const { session, timers } = loaded(sessionScenario({ duration: '15s', timeline: [] }));
    session.setSpeed(100);
    session.play();
    timers.advance(1000);
    assert.equal(session.state, 'ended');
    assert.equal(session.time, 15);
    assert.equal(timers.count, 0, 'no timer left running');
  });

  it('resets to time zero and forgets the actions taken by hand', () => {
    const { session, timers } = loaded();
    session.setSpeed(10);
    session.play();
    timers.advance(2000);
    assert.equal(session.act({ do: 'liveMigrate', vm: 'SQL01', to: 'HV02' }).accepted, true);
    assert.equal(session.recordedActions.length, 1);
    session.reset();
    assert.equal(session.state, 'ready');
    assert.equal(session.time, 0);
    assert.equal(session.recordedActions.length, 0);
    assert.equal(session.snapshot()?.vms.find((v) => v.name === 'SQL01')?.node, 'HV01');
    timers.advance(5000);
    assert.equal(session.time, 0, 'the reset stopped the player');
  });

  it('records accepted actions only, at the simulated time they were taken', () => {
    const { session, timers } = loaded();
    session.setSpeed(10);
    session.play();
    timers.advance(2000);
    session.pause();
    const refused = session.act({ do: 'liveMigrate', vm: 'SQL01', to: 'HV01' });
    assert.equal(refused.accepted, false);
    assert.match((refused as { reason: string }).reason, /already runs on HV01/);
    const ok = session.act({ do: 'liveMigrate', vm: 'SQL01', to: 'HV02' });
    assert.deepEqual(ok, { accepted: true });
    assert.deepEqual(session.recordedActions, [{ at: 20, action: { do: 'liveMigrate', vm: 'SQL01', to: 'HV02' } }]);
  });

  it('refuses to act when nothing is loaded', () => {
    const session = new SimulationSession(new FakeTimers());
    const outcome = session.act({ do: 'crashNode', node: 'HV01' });
    assert.equal(outcome.accepted, false);
    assert.equal(session.recordedActions.length, 0);
  });

  it('has something to do again when an action comes after the end', () => {
    const { session } = loaded();
    while (session.step());
    assert.equal(session.state, 'ended');
    assert.equal(session.act({ do: 'liveMigrate', vm: 'SQL01', to: 'HV02' }).accepted, true);
    assert.equal(session.state, 'paused');
    assert.equal(session.step(), true);
  });

  it('batches change notifications to at most one per 250 ms while playing', () => {
    const { session, timers, changes } = loaded(sessionScenario({ duration: '10m' }));
    session.setSpeed(10);
    session.play();
    const first = changes.length;
    timers.advance(5000);
    session.pause();
    const during = changes.slice(first, -1);
    assert.ok(during.length >= 5000 / NOTIFY_INTERVAL_MS - 2, `${during.length} notifications`);
    assert.ok(during.length <= 5000 / NOTIFY_INTERVAL_MS + 1, `${during.length} notifications`);
    const times = changes.slice(first - 1, -1).map((c) => c.at);
    for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= NOTIFY_INTERVAL_MS, `notifications at ${times[i - 1]} and ${times[i]} ms`);
    // The events of the timeline reach the listeners, each once.
    const events = changes.flatMap((c) => c.change.events);
    assert.equal(events.filter((e) => e.kind === 'link.down').length, 1);
  });

  it('runs to the end in slices, with progress', async () => {
    const { session, timers } = loaded(sessionScenario({ duration: '5m' }), { eventsPerSlice: 1 });
    const progress: (number | null)[] = [];
    const result = await drive(session.runToEnd(undefined, (f) => progress.push(f)), timers);
    assert.equal(result, 'ended');
    assert.equal(session.state, 'ended');
    assert.equal(session.time, 300);
    assert.ok(progress.length > 1);
    assert.ok(progress.every((f, i) => f !== null && (i === 0 || f >= (progress[i - 1] as number))));
  });

  it('stops a run to the end early when cancelled', async () => {
    const { session, timers } = loaded(sessionScenario({ duration: '5m' }), { eventsPerSlice: 1 });
    const token = { isCancellationRequested: false };
    const result = await drive(
      session.runToEnd(token, () => {
        token.isCancellationRequested = true;
      }),
      timers,
    );
    assert.equal(result, 'cancelled');
    assert.equal(session.state, 'paused');
    assert.ok(session.time < 300, `stopped at ${session.time}`);
    assert.ok(session.time > 0);
  });

  it('stops a run to the end when paused or reset meanwhile', async () => {
    const { session, timers } = loaded(sessionScenario({ duration: '5m' }), { eventsPerSlice: 1 });
    const running = session.runToEnd();
    session.pause();
    assert.equal(await drive(running, timers), 'cancelled');
    assert.equal(session.state, 'paused');
    assert.ok(session.time < 300);

    const again = session.runToEnd();
    session.reset();
    assert.equal(await drive(again, timers), 'cancelled');
    assert.equal(session.state, 'ready');
    assert.equal(session.time, 0);
  });

  it('keeps notifying the other listeners when one throws', () => {
    const { session } = loaded();
    let heard = 0;
    session.onDidChange(() => {
      throw new Error('broken view');
    });
    session.onDidChange(() => heard++);
    session.step();
    assert.equal(heard, 1);
  });

  it('stops its timers when disposed', () => {
    const { session, timers } = loaded();
    session.play();
    session.dispose();
    assert.equal(timers.count, 0);
  });
});
