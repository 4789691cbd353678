/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The extension never lets an exception escape to the extension host, and the dashboard's page
 * cannot make it do anything but the dashboard's own three things (ready, reveal, viewState).
 * Against the fake `vscode` of the command tests: every command is registered and invoked with
 * hostile arguments, with and without a scenario, the quick picks and input boxes answering;
 * the session's timers and listeners fail on purpose; forged webview messages arrive.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import * as fakeVscode from '../commands/fakeVscode';
import { fake, installFakeVscode, Uri } from '../commands/fakeVscode';
import { FakeTimers, drive, flush } from '../session/fakeTimers';
import { smallCluster } from '../commands/helpers';
import { COMMANDS } from '../../../src/extension/commands/logic/commandTable';
import { SimulationSession } from '../../../src/extension/session/simulationSession';
import { DashboardChannel } from '../../../src/extension/dashboard/channel';
import { parseHostMessage, parseWebviewMessage } from '../../../src/protocolValidation';
import { Driver } from '../dashboard/driver';
import { invariantViolations } from '../../../src/engine/simulation/invariants';
import { DEFAULT_EVENT_LIMIT } from '../../../src/engine/simulation/simulation';
import type { Target } from '../../../src/extension/explorer/target';
import type { HostToWebview } from '../../../src/protocol';
import { PROPERTY_SEED } from './scenarioArbitrary';
import { Emitter } from '../../helpers/emitter';

installFakeVscode();
const vscodeModule = require('../commands/fakeVscode') as Record<string, unknown>;
// Before the dashboard's modules load: they take the namespace as it is then (panel.test.ts does the same).
if (!('ViewColumn' in vscodeModule)) vscodeModule.ViewColumn = { Active: -1, Beside: -2, One: 1 };
const { registerCommands } = require('../../../src/extension/commands/registerCommands') as typeof import('../../../src/extension/commands/registerCommands');
const { registerDashboard } = require('../../../src/extension/dashboard/registerDashboard') as typeof import('../../../src/extension/dashboard/registerDashboard');
const { registerRunScenarioFile } = require('../../../src/extension/editor/runScenarioFile') as typeof import('../../../src/extension/editor/runScenarioFile');
const { createLogger, describeError } = require('../../../src/extension/logger') as typeof import('../../../src/extension/logger');

// ---- a webview panel for the fake (installed for this file's tests only: panel.test.ts has its own)


class FakePanel {
  readonly posted: HostToWebview[] = [];
  readonly received = new Emitter<unknown>();
  private readonly viewState = new Emitter<{ webviewPanel: FakePanel }>();
  private readonly disposed = new Emitter<void>();
  visible = true;
  iconPath: unknown;
  readonly webview = {
    options: {} as Record<string, unknown>,
    html: '',
    cspSource: 'https://fake.vscode-cdn.net',
    onDidReceiveMessage: this.received.event,
    asWebviewUri: (uri: Uri) => ({ toString: () => `https://fake.vscode-cdn.net${uri.path}` }),
    postMessage: (m: HostToWebview) => {
      this.posted.push(JSON.parse(JSON.stringify(m)) as HostToWebview);
      return Promise.resolve(true);
    },
  };
  onDidChangeViewState = this.viewState.event;
  onDidDispose = this.disposed.event;
  reveal(): void {}
  dispose(): void {
    this.disposed.fire();
  }
}

const panels: FakePanel[] = [];
let saved: Record<string, unknown> = {};

function installPanels(): void {
  saved = { createWebviewPanel: (fakeVscode.window as Record<string, unknown>).createWebviewPanel, registerWebviewPanelSerializer: (fakeVscode.window as Record<string, unknown>).registerWebviewPanelSerializer };
  Object.assign(fakeVscode.window, {
    createWebviewPanel: () => {
      const p = new FakePanel();
      panels.push(p);
      return p;
    },
    registerWebviewPanelSerializer: () => ({ dispose() {} }),
  });
}

function restorePanels(): void {
  Object.assign(fakeVscode.window, saved);
}

// ---- hostile arguments

function throwingProxy(): unknown {
  return new Proxy(
    {},
    {
      get() {
        throw Object.create(null);
      },
      has() {
        throw new Error('has trap');
      },
      getPrototypeOf() {
        throw new Error('getPrototypeOf trap');
      },
      ownKeys() {
        throw new Error('ownKeys trap');
      },
    },
  );
}

function cyclic(): unknown {
  const a: Record<string, unknown> = { kind: 'vm', name: 'SQL01' };
  a.self = a;
  a.target = a;
  return a;
}

const HUGE = 'x'.repeat(1_000_000);

/** Argument lists as another extension, a keybinding or a forged tree item could pass them. */
const HOSTILE_ARGS: readonly unknown[][] = [
  [],
  [undefined],
  [null],
  [42],
  [NaN],
  [true],
  [''],
  [HUGE],
  [Symbol('s')],
  [() => 'fn'],
  [BigInt(7)],
  [{}],
  [[]],
  [Object.create(null)],
  [{ kind: 'vm' }],
  [{ kind: 'vm', name: 42 }],
  [{ kind: 'vm', name: 'NOPE' }],
  [{ kind: 'vm', name: HUGE }],
  [{ kind: '__proto__', name: 'constructor' }],
  [JSON.parse('{"__proto__": {"polluted": true}, "kind": "vm", "name": "SQL01"}')],
  [{ target: { kind: 'vm', name: 'SQL01' } }, 'NOPE'],
  [{ target: { kind: 'vm', name: 'SQL01' } }, HUGE],
  [{ kind: 'vm', name: 'SQL01' }, 'HV01'],
  [{ kind: 'node', name: 'HV01' }, [1, 2, 3]],
  [[{ kind: 'vm', name: 'SQL01' }, { kind: 'vm', name: 'WEB01' }], 'HV03'],
  [{ kind: 'link', name: 'NOPE', node: 'HV01' }],
  [{ kind: 'link', name: 'LAN', node: 'NOPE' }],
  [{ kind: 'volume', name: 'CSV1' }, { kind: 'volume', name: 'CSV1' }],
  [{ target: null }],
  [{ target: throwingProxy() }],
  [throwingProxy()],
  [throwingProxy(), throwingProxy()],
  [cyclic()],
  [Uri.file('/nope.cluster.json')],
  [Uri.parse('untitled:evil')],
  ['workbench.action.terminal.new'],
  [100],
  ['max'],
  [{ toString: () => { throw new Error('toString'); } }],
];

const ALL_COMMANDS = [...COMMANDS.map((c) => c.id), 'fcsim.runScenarioFile'];

describe('hardening: the extension keeps every exception to itself', function () {
  this.timeout(60_000);

  let timers: FakeTimers;
  let session: SimulationSession;
  let context: { subscriptions: { dispose(): void }[]; extensionUri: Uri; workspaceState: { get(k: string): unknown; update(k: string, v: unknown): Promise<void> } };
  let stored: Map<string, unknown>;
  let sessionErrors: string[];
  let unhandled: unknown[];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  before(() => {
    installPanels();
    process.on('unhandledRejection', onUnhandled);
  });
  after(() => {
    restorePanels();
    process.off('unhandledRejection', onUnhandled);
  });

  beforeEach(() => {
    fake.reset();
    panels.length = 0;
    unhandled = [];
    sessionErrors = [];
    timers = new FakeTimers();
    session = new SimulationSession(timers, { onError: (what, err) => sessionErrors.push(`${what}: ${describeError(err)}`) });
    stored = new Map();
    context = {
      subscriptions: [],
      extensionUri: Uri.file('/ext'),
      workspaceState: {
        get: (k) => stored.get(k),
        update: (k, v) => {
          stored.set(k, v);
          return Promise.resolve();
        },
      },
    };
    const log = createLogger(context as never);
    registerCommands(context as never, session, log);
    const explorer = { view: { onDidChangeSelection: new Emitter<{ selection: { target: Target }[] }>().event }, reveal: () => Promise.resolve(true) };
    registerDashboard(context as never, session, explorer as never, log, timers);
    context.subscriptions.push(registerRunScenarioFile(session, log, { update: () => undefined } as never));
  });

  afterEach(() => {
    for (const s of context.subscriptions) s.dispose();
    session.dispose();
  });

  /**
   * Invokes a command as VS Code would; fails if anything escapes (thrown, rejected, or unhandled
   * later), and if the guard had to catch anything unless `bugPlanted` (a test that breaks the engine on purpose).
   */
  async function invoke(id: string, args: readonly unknown[], bugPlanted = false): Promise<void> {
    const handler = fake.commands.get(id);
    assert.ok(handler, `${id} is registered`);
    // Answers for whatever the command asks: the first item of each pick, hostile text in input boxes.
    fake.pickAnswers = Array.from({ length: 8 }, () => (items: readonly { kind?: number }[]) => items.find((i) => i.kind !== -1));
    fake.inputAnswers = ['-5s', '99999999h', HUGE.slice(0, 10_000), '90s'];
    fake.messageAnswers = [];
    let result: unknown;
    try {
      result = handler(...args);
    } catch (err) {
      assert.fail(`${id} threw synchronously: ${describeError(err)}`);
    }
    try {
      await drive(Promise.resolve(result), timers, 50);
    } catch (err) {
      assert.fail(`${id} rejected: ${describeError(err)}`);
    }
    // log.guard is the last line of defence, not the way a command refuses: a refusal is a
    // message the command shows itself. Anything the guard caught is a bug (a TypeError on an
    // odd argument, a file that cannot be opened treated as an exception).
    if (!bugPlanted) assert.deepEqual(guardCaught(), [], `${id} with ${describeArgs(args)}: the guard caught an exception`);
  }

  /** What log.guard caught so far: it logs "<what> failed: <error>" (logger.ts), and nothing else logs that shape here. */
  function guardCaught(): string[] {
    return fake.log.filter((line) => /^error: [^\n:]+ failed: /.test(line)).map((line) => line.split('\n')[0]!);
  }

  function describeArgs(args: readonly unknown[]): string {
    try {
      return JSON.stringify(args, (_k, v: unknown) => (typeof v === 'string' && v.length > 40 ? `${v.slice(0, 40)}...` : typeof v === 'bigint' || typeof v === 'symbol' || typeof v === 'function' ? String(v) : v)) ?? '?';
    } catch {
      return 'arguments that cannot be written as JSON';
    }
  }

  it('registers every command of the table, the dashboard\'s and the editor\'s', () => {
    assert.deepEqual([...fake.commands.keys()].sort(), [...ALL_COMMANDS].sort());
  });

  for (const loaded of [false, true]) {
    it(`no command lets an exception escape, whatever its arguments (${loaded ? 'a scenario loaded' : 'nothing loaded'})`, async () => {
      if (loaded) assert.ok(session.load(JSON.stringify(smallCluster()), '/work/lab.cluster.json').ok);
      for (const id of ALL_COMMANDS) {
        for (const args of HOSTILE_ARGS) await invoke(id, args);
      }
      await flush();
      assert.deepEqual(unhandled.map((u) => describeError(u)), [], 'no unhandled rejection');
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
      // The session survived it all: a valid cluster, whatever was refused or done.
      const sim = session.sim;
      if (loaded) {
        assert.ok(sim && session.snapshot());
        assert.deepEqual(invariantViolations(sim), []);
        const vms = session.snapshot()!.vms.map((v) => v.name).sort();
        assert.deepEqual(vms, ['BIG01', 'DC01', 'FS01', 'SQL01', 'WEB01'], 'no VM named by an argument appeared');
      }
      // The refusals reached the user as messages, and none of them came from the guard.
      assert.ok(fake.messages.length > 0);
      assert.deepEqual(guardCaught(), []);
    });
  }

  it('an action naming what the cluster does not have is refused with a warning, and changes nothing', async () => {
    assert.ok(session.load(JSON.stringify(smallCluster()), '/work/lab.cluster.json').ok);
    await invoke('fcsim.liveMigrate', [{ target: { kind: 'vm', name: 'SQL01' } }, 'NOPE']);
    const warnings = fake.messages.filter((m) => m.level === 'warning').map((m) => m.text);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /there is no node named "NOPE"/);
    assert.equal(session.snapshot()!.vms.find((v) => v.name === 'SQL01')?.node, 'HV01');
    assert.deepEqual(session.recordedActions, []);
  });

  it('log.guard reports anything thrown, even values that cannot be turned into text, and resolves', async () => {
    const log = createLogger({ subscriptions: [] } as never);
    const nasty: unknown[] = [Object.create(null), throwingProxy(), { toString: () => { throw new Error('no'); } }, undefined, null, Symbol('s'), new Error('plain')];
    for (const value of nasty) {
      const result = await log.guard('Test', () => {
        throw value;
      });
      assert.equal(result, undefined);
    }
    await flush();
    assert.equal(fake.messages.filter((m) => m.level === 'error' && m.text.startsWith('Test failed: ')).length, nasty.length);
    assert.ok(fake.messages.some((m) => m.text === 'Test failed: an error that cannot be described. See the "Failover Cluster Simulator" output for details.'));
    assert.deepEqual(unhandled, []);
  });

  it('a run whose engine throws on a timer tick stops, paused, and the error is reported, not thrown into the host', () => {
    assert.ok(session.load(JSON.stringify(smallCluster({ timeline: [{ at: '10s', do: 'liveMigrate', vm: 'SQL01', to: 'HV02' }] })), 'lab').ok);
    const sim = session.sim!;
    sim.kernel.step = () => {
      throw new Error('engine bug');
    };
    session.play();
    assert.doesNotThrow(() => timers.advance(1000));
    assert.equal(session.state, 'paused');
    assert.deepEqual(sessionErrors, ['the simulation: engine bug']);
    assert.equal(timers.count, 0, 'no timer left ticking');
  });

  it('runToEnd that meets an engine exception rejects to its (guarded) command and leaves the session paused', async () => {
    assert.ok(session.load(JSON.stringify(smallCluster({ timeline: [{ at: '10s', do: 'liveMigrate', vm: 'SQL01', to: 'HV02' }] })), 'lab').ok);
    session.sim!.kernel.step = () => {
      throw new Error('engine bug');
    };
    await invoke('fcsim.runToEnd', [], true);
    assert.equal(session.state, 'paused');
    assert.deepEqual(guardCaught(), ['error: Run to End failed: Error: engine bug']);
    assert.ok(fake.messages.some((m) => m.level === 'error' && m.text.startsWith('Run to End failed: engine bug')), JSON.stringify(fake.messages));
  });

  it('the session also stops a run at the engine\'s event limit, which then ends as "eventLimit"', async () => {
    assert.ok(session.load(JSON.stringify(smallCluster({ timeline: [{ at: '10s', do: 'liveMigrate', vm: 'SQL01', to: 'HV02' }] })), 'lab').ok);
    const sim = session.sim!;
    Object.defineProperty(sim.kernel, 'eventsProcessed', { get: () => DEFAULT_EVENT_LIMIT });
    assert.equal(await drive(session.runToEnd(), timers), 'ended');
    assert.equal(session.state, 'ended');
    assert.equal(sim.ended, 'eventLimit');
  });

  it('a view whose listener throws is reported; the other views still hear about every change', () => {
    const heard: string[] = [];
    session.onDidChange(() => {
      throw Object.create(null);
    });
    session.onDidChange((c) => heard.push(c.state));
    assert.ok(session.load(JSON.stringify(smallCluster({ duration: '1m' })), 'lab').ok);
    session.play();
    timers.advance(2000);
    session.pause();
    assert.ok(heard.includes('playing') && heard.at(-1) === 'paused', heard.join());
    assert.ok(sessionErrors.length > 0 && sessionErrors.every((e) => e === 'updating a view: an error that cannot be described'), sessionErrors.join());
  });

  it('a snapshot that throws on the notification timer is reported, not thrown into the host', () => {
    assert.ok(session.load(JSON.stringify(smallCluster({ duration: '1m' })), 'lab').ok);
    session.play();
    (session as unknown as { snapshot(): never }).snapshot = () => {
      throw new Error('snapshot bug');
    };
    assert.doesNotThrow(() => timers.advance(2000));
    assert.ok(sessionErrors.includes('reading the cluster: snapshot bug'), sessionErrors.join());
    session.pause();
  });

  it('the dashboard channel reports an update that throws on its throttle timer', () => {
    const errors: unknown[] = [];
    let fail = false;
    const source = {
      takeState: () => ({ scenario: '', t: 0, session: 'empty' as const, nodes: [], migrations: [], volumes: [], networks: [], events: [] }),
      takeChanges: () => {
        if (fail) throw new Error('model bug');
        return { reset: false, changes: [] };
      },
      hasChanges: true,
    };
    const channel = new DashboardChannel(source, () => undefined, timers, 100, undefined, (err) => errors.push(err));
    channel.onReady();
    channel.changed();
    fail = true;
    channel.changed();
    assert.doesNotThrow(() => timers.advance(500));
    assert.deepEqual(errors.map((e) => describeError(e)), ['model bug']);
  });

  it('the dashboard\'s messages stay within the protocol\'s limits for a scenario at the loader\'s: long names, a classic disk with 1,100 VMs', () => {
    const name = (p: string, i: number) => `${p}${i}`.padEnd(256, '-');
    const vms = Array.from({ length: 1100 }, (_, i) => ({ name: name('VM', i), owner: name('HV', 0), memory: '16MiB', disk: 'Shared', vhd: '1GiB', workload: 'idle' }));
    const text = JSON.stringify({
      name: 'n'.repeat(256),
      nodes: [0, 1, 2].map((i) => ({ name: name('HV', i), memory: '64GiB' })),
      networks: [{ name: name('Net', 0), role: 'clusterAndClient' }],
      disks: [{ name: 'Shared', size: '2TiB', path: 'fabric' }],
      vms,
      // The whole group moves (every VM of a classic disk is on its owner): the record names 1,099 others.
      timeline: [
        { at: '1s', do: 'quickMigrate', vm: name('VM', 1), to: name('HV', 2) },
        { at: '1s', do: 'crashNode', node: name('HV', 2) },
      ],
    });
    const driver = new Driver(text, 30).runTo(120);
    const state = driver.model.takeState();
    assert.ok(state.migrations.some((m) => m.movedWith.length > 0 || (m.reason ?? '').length > 1000), 'the case is exercised');
    assert.ok(parseHostMessage(JSON.parse(JSON.stringify({ type: 'init', state }))), 'the page accepts the whole state');
  });

  describe('forged webview messages', () => {
    /** What the page could send if it were compromised: none of it is one of the protocol's messages. */
    const FORGED: unknown[] = [
      { type: 'command', command: 'workbench.action.terminal.new' },
      { type: 'command', command: 'fcsim.crashNode', args: [{ kind: 'node', name: 'HV01' }] },
      { type: 'eval', code: 'process.exit(1)' },
      { type: 'executeCommand', id: 'fcsim.liveMigrate' },
      { type: 'openExternal', url: 'https://example.com' },
      { type: 'READY' },
      { type: 'ready', extra: 1 },
      { type: ['ready'] },
      { type: { toString: () => 'ready' } },
      { type: 'reveal' },
      { type: 'reveal', item: null },
      { type: 'reveal', item: { kind: 'script', name: 'x' } },
      { type: 'reveal', item: { kind: 'vm', name: '' } },
      { type: 'reveal', item: { kind: 'vm', name: 'x'.repeat(513) } },
      { type: 'reveal', item: { kind: 'vm', name: 'SQL01', command: 'fcsim.crashNode' } },
      { type: 'viewState', state: { filters: {}, focused: null, command: 'x' } },
      { type: 'viewState', state: { filters: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])), focused: null } },
      { type: 'viewState', state: { filters: { kind: 'x'.repeat(513) }, focused: null } },
      { type: 'viewState', state: { filters: { 'bad key!': 'v' }, focused: null } },
      JSON.parse('{"type":"viewState","state":{"filters":{"__proto__":"x"},"focused":null}}'),
      JSON.parse('{"type":"viewState","state":{"filters":{"constructor":"x"},"focused":null}}'),
      JSON.parse('{"type":"reveal","item":{"kind":"vm","name":"SQL01","__proto__":{"polluted":true}}}'),
      JSON.parse('{"__proto__":{"type":"ready"}}'),
      Object.assign(Object.create({ type: 'ready' }) as object),
      new (class Ready {
        type = 'ready';
      })(),
      { type: 'ready', [Symbol('s')]: 1 },
      throwingProxy(),
      { get type() { throw new Error('getter'); } },
      'ready',
      ['ready'],
      null,
      undefined,
      42,
      { type: 'x'.repeat(5_000_000) },
      { type: 'viewState', state: { filters: { q: 'x'.repeat(10_000_000) }, focused: null } },
    ];

    it('parseWebviewMessage drops every one of them (and never throws)', () => {
      for (const [i, raw] of FORGED.entries()) assert.equal(parseWebviewMessage(raw), null, `forged #${i}`);
    });

    it('any value at all: parseWebviewMessage never throws, and accepts only the three messages, with only their keys (fast-check)', () => {
      const item = fc.record({ kind: fc.constantFrom('vm', 'node', 'network', 'volume', 'disk', 'link', '__proto__'), name: fc.string({ maxLength: 600 }) });
      const nearValid = fc.oneof(
        fc.record({ type: fc.constantFrom('ready', 'reveal', 'viewState', 'command', 'eval') }),
        fc.record({ type: fc.constant('reveal'), item: fc.oneof(item, fc.anything()) }),
        fc.record({ type: fc.constant('viewState'), state: fc.record({ filters: fc.dictionary(fc.string({ maxLength: 70 }), fc.oneof(fc.string({ maxLength: 600 }), fc.anything()), { maxKeys: 40 }), focused: fc.oneof(fc.constant(null), item) }) }),
        fc.record({ type: fc.constantFrom('ready', 'reveal', 'viewState'), item, state: fc.anything(), extra: fc.anything() }, { requiredKeys: ['type'] }),
      );
      fc.assert(
        fc.property(fc.oneof(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true, withMap: true, withSet: true }), nearValid), (raw) => {
          const m = parseWebviewMessage(raw);
          if (m === null) return;
          const keys = Object.keys(m).sort().join(',');
          if (m.type === 'ready') assert.equal(keys, 'type');
          else if (m.type === 'reveal') assert.equal(keys, 'item,type');
          else if (m.type === 'viewState') assert.equal(keys, 'state,type');
          else assert.fail(`accepted ${JSON.stringify(m)}`);
        }),
        { seed: PROPERTY_SEED, numRuns: 2000 },
      );
    });

    it('sent to the dashboard panel, they cause nothing: no command, no reveal, no state kept, nothing posted, nothing thrown', async () => {
      assert.ok(session.load(JSON.stringify(smallCluster()), 'lab').ok);
      await invoke('fcsim.openDashboard', []);
      const panel = panels.at(-1);
      assert.ok(panel, `a panel: ${JSON.stringify(fake.messages)}`);
      const before = fake.executed.length;
      for (const raw of FORGED) assert.doesNotThrow(() => panel.received.fire(raw));
      await flush();
      timers.advance(1000);
      assert.deepEqual(fake.executed.slice(before), [], 'no command executed');
      assert.equal(panel.posted.length, 0, 'nothing sent back (the page never said ready)');
      assert.equal(stored.size, 0, 'no view state kept');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.deepEqual(invariantViolations(session.sim!), []);
      assert.equal(session.snapshot()!.nodes.find((n) => n.name === 'HV01')?.status, 'up', 'HV01 was not crashed');
      // The real messages still work afterwards.
      panel.received.fire({ type: 'ready' });
      assert.deepEqual(panel.posted.map((m) => m.type), ['init']);
    });
  });
});
