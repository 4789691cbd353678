/* eslint-disable @typescript-eslint/no-require-imports */
// The dashboard's VS Code glue against a fake `vscode` (the commands' fake, with webview panels
// added here): the panel's options and page, the conversation with the page, the links with the
// Cluster Explorer, the serializer.
import { strict as assert } from 'node:assert';
import * as fakeVscode from '../commands/fakeVscode';
import { fake, installFakeVscode, Uri } from '../commands/fakeVscode';
import { SimulationSession } from '../../../src/extension/session/simulationSession';
import type { Target } from '../../../src/extension/explorer/target';
import type { DashboardState, HostToWebview } from '../../../src/protocol';
import { parseHostMessage } from '../../../src/protocolValidation';
import { FakeTimers, flush } from '../session/fakeTimers';
import { exampleText } from './driver';
import { Emitter } from '../../helpers/emitter';


class FakeWebview {
  options: Record<string, unknown> = {};
  html = '';
  readonly cspSource = 'https://fake.vscode-cdn.net';
  readonly posted: HostToWebview[] = [];
  readonly received = new Emitter<unknown>();
  onDidReceiveMessage = this.received.event;
  asWebviewUri(uri: Uri): { toString(): string } {
    return { toString: () => `https://fake.vscode-cdn.net${uri.path}` };
  }
  postMessage(message: HostToWebview): Promise<boolean> {
    // What the page would get: through structured clone, checked on arrival.
    const arrived = parseHostMessage(JSON.parse(JSON.stringify(message)));
    assert.ok(arrived, `the page accepts ${message.type}`);
    this.posted.push(arrived);
    return Promise.resolve(true);
  }
}

class FakePanel {
  readonly webview = new FakeWebview();
  visible = true;
  iconPath: unknown;
  revealed = 0;
  disposed = false;
  private readonly viewState = new Emitter<{ webviewPanel: FakePanel }>();
  private readonly disposeEmitter = new Emitter<void>();
  onDidChangeViewState = this.viewState.event;
  onDidDispose = this.disposeEmitter.event;
  constructor(
    readonly viewType: string,
    readonly title: string,
    readonly showOptions: unknown,
    readonly options: Record<string, unknown>,
  ) {}
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeEmitter.fire();
  }
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.viewState.fire({ webviewPanel: this });
  }
  /** The page sends a message. */
  send(raw: unknown): void {
    this.webview.received.fire(raw);
  }
  get listeners(): number {
    return this.viewState.count + this.disposeEmitter.count + this.webview.received.count;
  }
}

interface Serializer {
  deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void>;
}

const panels: FakePanel[] = [];
const serializers = new Map<string, Serializer>();
installFakeVscode();
const vscodeModule = require('../commands/fakeVscode') as Record<string, unknown>;
if (!('ViewColumn' in vscodeModule)) vscodeModule.ViewColumn = { Active: -1, Beside: -2, One: 1 };
Object.assign(fakeVscode.window, {
  createWebviewPanel: (viewType: string, title: string, showOptions: unknown, options: Record<string, unknown>) => {
    const panel = new FakePanel(viewType, title, showOptions, options);
    panels.push(panel);
    return panel;
  },
  registerWebviewPanelSerializer: (viewType: string, serializer: Serializer) => {
    serializers.set(viewType, serializer);
    return { dispose: () => serializers.delete(viewType) };
  },
});
const { registerDashboard } = require('../../../src/extension/dashboard/registerDashboard') as typeof import('../../../src/extension/dashboard/registerDashboard');

describe('dashboard: the VS Code glue (fake vscode)', () => {
  let timers: FakeTimers;
  let session: SimulationSession;
  let revealed: Target[];
  let inTree: (t: Target) => boolean;
  let selection: Emitter<{ selection: { target: Target }[] }>;
  let stored: Map<string, unknown>;
  let logged: string[];
  let context: { subscriptions: { dispose(): void }[]; extensionUri: Uri; workspaceState: unknown };
  let dashboard: ReturnType<typeof registerDashboard>;

  const lastPanel = (): FakePanel => {
    const p = panels.at(-1);
    assert.ok(p, 'a panel');
    return p;
  };
  const types = (p: FakePanel): string[] => p.webview.posted.map((m) => m.type);
  const open = async (): Promise<FakePanel> => {
    await fake.commands.get('fcsim.openDashboard')?.();
    await flush();
    return lastPanel();
  };

  beforeEach(() => {
    fake.reset();
    panels.length = 0;
    timers = new FakeTimers();
    session = new SimulationSession(timers);
    revealed = [];
    inTree = () => true;
    selection = new Emitter();
    stored = new Map();
    logged = [];
    context = {
      subscriptions: [],
      extensionUri: Uri.file('/ext'),
      workspaceState: {
        get: (key: string) => stored.get(key),
        update: (key: string, value: unknown) => {
          stored.set(key, value);
          return Promise.resolve();
        },
      },
    };
    const explorer = {
      view: { onDidChangeSelection: selection.event },
      reveal: (target: Target) => {
        revealed.push(target);
        return Promise.resolve(inTree(target));
      },
    };
    const log = {
      info: (m: string) => logged.push(`info: ${m}`),
      error: (m: string, err?: unknown) => logged.push(`error: ${m}${err ? `: ${String(err)}` : ''}`),
      guard: async <T>(_what: string, fn: () => T | Promise<T>) => fn(),
    };
    dashboard = registerDashboard(context as never, session, explorer as never, log, timers);
  });

  afterEach(() => {
    for (const s of context.subscriptions) s.dispose();
    session.dispose();
  });

  it('registers the command and the serializer', () => {
    assert.ok(fake.commands.has('fcsim.openDashboard'));
    assert.ok(serializers.has('fcsim.dashboard'));
  });

  it('opens one panel: scripts on, resources only from dist/webview, the page under a strict CSP', async () => {
    const panel = await open();
    assert.equal(panel.viewType, 'fcsim.dashboard');
    assert.equal(panel.options.enableScripts, true);
    assert.equal(panel.options.retainContextWhenHidden, false);
    assert.deepEqual((panel.options.localResourceRoots as Uri[]).map((u) => u.path), ['/ext/dist/webview']);
    assert.deepEqual((panel.webview.options.localResourceRoots as Uri[]).map((u) => u.path), ['/ext/dist/webview']);
    const html = panel.webview.html;
    assert.match(html, /default-src 'none'; script-src 'nonce-([^']+)'; style-src https:\/\/fake\.vscode-cdn\.net; font-src https:\/\/fake\.vscode-cdn\.net; img-src https:\/\/fake\.vscode-cdn\.net data:/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(html.includes(`<script nonce="${nonce}" src="https://fake.vscode-cdn.net/ext/dist/webview/dashboard.js">`));
    assert.ok(html.includes('href="https://fake.vscode-cdn.net/ext/dist/webview/dashboard.css"'));
    assert.ok(html.includes('href="https://fake.vscode-cdn.net/ext/dist/webview/codicons/codicon.css" id="vscode-codicon-stylesheet"'));
    await open();
    assert.equal(panels.length, 1, 'the command brings the open panel to the front');
    assert.equal(panel.revealed, 1);
  });

  it('sends nothing before ready, the whole state on ready, then throttled changes as the run goes', async () => {
    const panel = await open();
    assert.ok(session.load(exampleText('article-cluster.cluster.json'), '/work/article.cluster.json').ok);
    timers.advance(1000);
    assert.equal(panel.webview.posted.length, 0, 'nothing before the page is ready');
    panel.send({ type: 'ready' });
    assert.deepEqual(types(panel), ['init']);
    const init = panel.webview.posted[0] as { state: DashboardState };
    assert.equal(init.state.scenario, "The article's cluster: Live Migration and CSV on a four-node Hyper-V cluster");
    assert.equal(init.state.session, 'ready');
    assert.deepEqual(init.state.nodes, ['HV01', 'HV02', 'HV03', 'HV04']);
    session.play();
    timers.advance(5000);
    const updates = panel.webview.posted.filter((m) => m.type === 'update');
    assert.ok(updates.length >= 5, `${updates.length} updates`);
    assert.ok(updates.length <= 51, 'at most ten a second');
    assert.ok(updates.every((u) => u.type === 'update' && u.changes.length > 0), 'only when something changed');
    session.pause();
  });

  it('starts the page over with a whole state when the simulation is reset', async () => {
    const panel = await open();
    session.load(exampleText('article-cluster.cluster.json'), 'a');
    panel.send({ type: 'ready' });
    session.step();
    timers.advance(200);
    session.reset();
    timers.advance(200);
    assert.equal(panel.webview.posted.at(-1)?.type, 'init');
  });

  it('drops and logs messages that are not in the protocol, and never throws', async () => {
    const panel = await open();
    for (const raw of [{ type: 'command', command: 'workbench.action.terminal.new' }, 'ready', null, { type: 'reveal', item: { kind: 'vm', name: 'x'.repeat(100_000) } }, JSON.parse('{"type":"ready","__proto__":{}}')]) {
      assert.doesNotThrow(() => panel.send(raw));
    }
    assert.equal(panel.webview.posted.length, 0);
    assert.equal(revealed.length, 0);
    assert.equal(logged.filter((l) => l.startsWith('error: Dashboard: dropped a message')).length, 5);
    assert.ok(logged.every((l) => !l.includes('x'.repeat(100))), 'the log does not echo what was sent');
  });

  it('reveals what the page points at in the Cluster Explorer (a disk the tree shows as a volume)', async () => {
    const panel = await open();
    panel.send({ type: 'reveal', item: { kind: 'vm', name: 'SQL01' } });
    await flush();
    assert.deepEqual(revealed, [{ kind: 'vm', name: 'SQL01' }]);
    revealed = [];
    inTree = (t) => t.kind === 'volume';
    panel.send({ type: 'reveal', item: { kind: 'disk', name: 'Cluster Disk 1' } });
    await flush();
    assert.deepEqual(revealed, [
      { kind: 'disk', name: 'Cluster Disk 1' },
      { kind: 'volume', name: 'Cluster Disk 1' },
    ]);
  });

  it('focuses the page on what the user selects in the tree, but not on the echo of its own reveal', async () => {
    const panel = await open();
    panel.send({ type: 'ready' });
    selection.fire({ selection: [{ target: { kind: 'link', name: 'iSCSI', node: 'HV03' } }] });
    assert.deepEqual(panel.webview.posted.at(-1), { type: 'focus', item: { kind: 'network', name: 'iSCSI' } });
    const before = panel.webview.posted.length;
    panel.send({ type: 'reveal', item: { kind: 'vm', name: 'SQL01' } });
    selection.fire({ selection: [{ target: { kind: 'vm', name: 'SQL01' } }] });
    await flush();
    assert.equal(panel.webview.posted.length, before, 'the selection the reveal caused is not sent back');
    selection.fire({ selection: [{ target: { kind: 'vm', name: 'SQL01' } }] });
    assert.equal(panel.webview.posted.length, before + 1, 'a later selection is');
    selection.fire({ selection: [{ target: { kind: 'vmsFolder', name: '' } }] });
    assert.equal(panel.webview.posted.length, before + 1, 'a folder focuses nothing');
  });

  it('a hidden page gets nothing; shown again, it starts over from the whole state', async () => {
    const panel = await open();
    session.load(exampleText('article-cluster.cluster.json'), 'a');
    panel.send({ type: 'ready' });
    assert.equal(dashboard.model.liveDensity, true, 'the dirty strip is read while visible');
    panel.setVisible(false);
    assert.equal(dashboard.model.liveDensity, false, 'and not while hidden');
    const before = panel.webview.posted.length;
    session.play();
    timers.advance(2000);
    session.pause();
    selection.fire({ selection: [{ target: { kind: 'node', name: 'HV02' } }] });
    assert.equal(panel.webview.posted.length, before);
    panel.setVisible(true);
    panel.send({ type: 'ready' });
    assert.deepEqual(types(panel).slice(before), ['init', 'focus']);
  });

  it('keeps the page\'s UI state and hands it back, to this panel and the next', async () => {
    const panel = await open();
    const vs = { filters: { node: 'HV03', kind: 'csv' }, focused: { kind: 'node', name: 'HV03' } };
    panel.send({ type: 'viewState', state: vs });
    panel.send({ type: 'ready' });
    assert.deepEqual((panel.webview.posted[0] as { viewState?: unknown }).viewState, vs);
    assert.deepEqual(stored.get('fcsim.dashboard.viewState'), vs);
    panel.dispose();
    assert.equal(dashboard.panel, undefined);
    assert.equal(panel.listeners, 0, 'its listeners are gone');
    const next = await open();
    assert.notEqual(next, panel);
    next.send({ type: 'ready' });
    assert.deepEqual((next.webview.posted[0] as { viewState?: unknown }).viewState, vs);
  });

  it('restores the panel after a reload with the state the page saved, ignoring a forged one', async () => {
    const serializer = serializers.get('fcsim.dashboard');
    assert.ok(serializer);
    const restored = new FakePanel('fcsim.dashboard', 'Failover Cluster Dashboard', {}, {});
    await serializer.deserializeWebviewPanel(restored, { filters: { vm: 'SQL01' }, focused: null });
    assert.equal(restored.webview.options.enableScripts, true);
    assert.deepEqual((restored.webview.options.localResourceRoots as Uri[]).map((u) => u.path), ['/ext/dist/webview']);
    assert.match(restored.webview.html, /default-src 'none'/);
    restored.send({ type: 'ready' });
    const init = restored.webview.posted[0] as { state: DashboardState; viewState?: unknown };
    assert.equal(init.state.session, 'empty', 'no scenario loaded: the empty state');
    assert.deepEqual(init.viewState, { filters: { vm: 'SQL01' }, focused: null });
    assert.equal(dashboard.panel?.panel, restored as never);

    const forged = new FakePanel('fcsim.dashboard', 'x', {}, {});
    await serializer.deserializeWebviewPanel(forged, JSON.parse('{"filters":{"__proto__":"x"},"focused":null}'));
    assert.ok(restored.disposed, 'one dashboard at a time');
    forged.send({ type: 'ready' });
    assert.deepEqual((forged.webview.posted[0] as { viewState?: unknown }).viewState, { filters: { vm: 'SQL01' }, focused: null }, 'the forged state is ignored');
  });
});
