// The host's side of the dashboard conversation, with fake timers: nothing before `ready`, then
// the whole state, then changes at most ten times a second, merged while they wait.
import { strict as assert } from 'node:assert';
import { DashboardChannel, UPDATE_INTERVAL_MS, type ChannelSource } from '../../../src/extension/dashboard/channel';
import type { TakenChanges } from '../../../src/extension/dashboard/model/dashboardModel';
import { PendingChanges } from '../../../src/extension/dashboard/model/pendingChanges';
import { Throttle } from '../../../src/extension/dashboard/throttle';
import type { DashboardState, HostToWebview, MigrationView } from '../../../src/protocol';
import { parseHostMessage } from '../../../src/protocolValidation';
import { FakeTimers } from '../session/fakeTimers';

const EMPTY: DashboardState = { scenario: 'lab', t: 0, session: 'ready', nodes: [], migrations: [], volumes: [], networks: [], events: [] };

/** A source like the model: a clock and migrations, merged per id until taken. */
class FakeSource implements ChannelSource {
  t = 0;
  needsInit = true;
  readonly pending = new PendingChanges();
  states = 0;

  tick(t: number): void {
    this.t = t;
    this.pending.setClock(t, 'playing');
  }

  migrate(id: string, progress: number): void {
    this.pending.migration({ id, currentPass: { index: 1, pages: 10, progress } } as unknown as MigrationView);
  }

  takeState(): DashboardState {
    this.states++;
    this.needsInit = false;
    this.pending.clear();
    return { ...EMPTY, t: this.t };
  }

  takeChanges(): TakenChanges {
    if (this.needsInit) {
      this.needsInit = false;
      this.pending.clear();
      return { reset: true, changes: [] };
    }
    return { reset: false, changes: this.pending.take() };
  }

  get hasChanges(): boolean {
    return this.needsInit || !this.pending.isEmpty;
  }
}

describe('dashboard: throttle', () => {
  it('runs at once, then at most once per interval, with the last request honoured', () => {
    const timers = new FakeTimers();
    const runs: number[] = [];
    const throttle = new Throttle(timers, 100, () => runs.push(timers.now()));
    throttle.schedule();
    assert.deepEqual(runs, [0], 'leading edge');
    for (let t = 0; t < 95; t += 5) {
      timers.advance(5);
      throttle.schedule();
    }
    assert.deepEqual(runs, [0], 'waiting for the interval');
    timers.advance(10);
    assert.deepEqual(runs, [0, 100], 'trailing edge, once');
    timers.advance(500);
    assert.deepEqual(runs, [0, 100], 'nothing more without a request');
    throttle.schedule();
    assert.deepEqual(runs, [0, 100, timers.now()], 'at once after a quiet interval');
  });

  it('at most ten runs a second however often it is asked', () => {
    const timers = new FakeTimers();
    let runs = 0;
    const throttle = new Throttle(timers, 100, () => runs++);
    for (let i = 0; i < 1000; i++) {
      throttle.schedule();
      timers.advance(1);
    }
    assert.ok(runs <= 11, `${runs} runs in a second`);
    assert.ok(runs >= 9, `${runs} runs in a second`);
  });

  it('forgets a waiting run when cancelled', () => {
    const timers = new FakeTimers();
    let runs = 0;
    const throttle = new Throttle(timers, 100, () => runs++);
    throttle.schedule();
    throttle.schedule();
    assert.ok(throttle.isScheduled);
    throttle.cancel();
    timers.advance(1000);
    assert.equal(runs, 1);
    assert.equal(timers.count, 0);
  });
});

describe('dashboard: channel (buffering until ready, throttled updates)', () => {
  let timers: FakeTimers;
  let source: FakeSource;
  let sent: HostToWebview[];
  let channel: DashboardChannel;

  beforeEach(() => {
    timers = new FakeTimers();
    source = new FakeSource();
    sent = [];
    channel = new DashboardChannel(source, (m) => sent.push(m), timers);
  });

  const types = (): string[] => sent.map((m) => m.type);

  it('sends nothing until the page says it is ready, then the whole state, then what waited', () => {
    source.tick(5);
    channel.changed();
    channel.focus({ kind: 'vm', name: 'OLD' });
    channel.focus({ kind: 'vm', name: 'SQL01' });
    timers.advance(1000);
    assert.deepEqual(sent, [], 'nothing before ready');
    channel.onReady();
    assert.deepEqual(types(), ['init', 'focus']);
    assert.equal((sent[0] as { state: DashboardState }).state.t, 5, 'the state includes what changed meanwhile');
    assert.deepEqual(sent[1], { type: 'focus', item: { kind: 'vm', name: 'SQL01' } }, 'only the latest focus');
    timers.advance(1000);
    assert.deepEqual(types(), ['init', 'focus'], 'what the init carried is not sent again');
  });

  it('sends changes, not whole states, at most ten a second, merged per migration', () => {
    channel.onReady();
    sent = [];
    source.tick(1);
    source.migrate('m0', 0.1);
    channel.changed();
    assert.deepEqual(types(), ['update'], 'the first change goes at once');
    for (let i = 2; i <= 9; i++) {
      timers.advance(10);
      source.tick(i);
      source.migrate('m0', i / 10);
      channel.changed();
    }
    assert.equal(sent.length, 1, 'the rest wait for the interval');
    timers.advance(UPDATE_INTERVAL_MS);
    assert.equal(sent.length, 2);
    const update = sent[1] as Extract<HostToWebview, { type: 'update' }>;
    assert.deepEqual(
      update.changes.map((c) => c.kind),
      ['clock', 'migration'],
      'one clock and one view per migration, the latest',
    );
    assert.equal((update.changes[0] as { t: number }).t, 9);
    assert.equal((update.changes[1] as { migration: MigrationView }).migration.currentPass?.progress, 0.9);
  });

  it('keeps to ten updates a second under a flood of changes', () => {
    channel.onReady();
    sent = [];
    for (let i = 0; i < 2000; i++) {
      source.tick(i);
      channel.changed();
      timers.advance(1);
    }
    assert.ok(sent.length <= 21, `${sent.length} updates in 2 s`);
    assert.ok(sent.every((m) => m.type === 'update'));
  });

  it('sends nothing when nothing changed', () => {
    channel.onReady();
    sent = [];
    channel.changed();
    timers.advance(1000);
    assert.deepEqual(sent, []);
  });

  it('starts from a whole state again when the page comes back (hidden, then shown)', () => {
    channel.onReady();
    channel.onGone();
    sent = [];
    source.tick(3);
    channel.changed();
    timers.advance(1000);
    assert.deepEqual(sent, [], 'nothing to a page that is gone');
    channel.onReady();
    assert.deepEqual(types(), ['init']);
    assert.equal(source.states, 2);
  });

  it('sends the whole state instead of changes when the source asks for it (a new simulation)', () => {
    channel.onReady();
    sent = [];
    source.needsInit = true;
    channel.changed();
    assert.deepEqual(types(), ['init']);
  });

  it('hands the page back its UI state in init', () => {
    const vs = { filters: { node: 'HV03' }, focused: { kind: 'node', name: 'HV03' } } as const;
    const restored = new DashboardChannel(source, (m) => sent.push(m), timers, UPDATE_INTERVAL_MS, vs);
    restored.onReady();
    assert.deepEqual((sent[0] as { viewState?: unknown }).viewState, vs);
    channel.setViewState({ filters: { vm: 'SQL01' }, focused: null });
    channel.onReady();
    assert.deepEqual((sent[1] as { viewState?: unknown }).viewState, { filters: { vm: 'SQL01' }, focused: null });
    for (const m of sent) assert.ok(parseHostMessage(JSON.parse(JSON.stringify(m))), 'every message passes the page\'s check');
  });

  it('sends focus at once to a ready page', () => {
    channel.onReady();
    sent = [];
    channel.focus({ kind: 'network', name: 'LAN' });
    assert.deepEqual(sent, [{ type: 'focus', item: { kind: 'network', name: 'LAN' } }]);
  });
});
