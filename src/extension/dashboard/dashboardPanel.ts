/**
 * The dashboard's WebviewPanel: the page from dist/webview under a strict CSP, the messages both
 * ways (every incoming one checked with parseWebviewMessage and dropped when it does not fit),
 * and the channel that sends the whole state on `ready` and changes after that (channel.ts).
 * Nothing here throws into the extension host: handlers catch and log.
 */
import * as vscode from 'vscode';
import type { HostToWebview, ItemRef, ViewState, WebviewToHost } from '../../protocol';
import { parseWebviewMessage } from '../../protocolValidation';
import type { Logger } from '../logger';
import type { Timers } from '../session/timers';
import { DashboardChannel, UPDATE_INTERVAL_MS } from './channel';
import { createNonce, dashboardHtml, WEBVIEW_FILES } from './html';
import type { DashboardModel } from './model/dashboardModel';

export const DASHBOARD_VIEW_TYPE = 'fcsim.dashboard';
const DASHBOARD_TITLE = 'Failover Cluster Dashboard';

/** Invalid messages logged one by one before the log only counts them. */
const LOGGED_INVALID = 10;

export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly model: DashboardModel;
  readonly log: Logger;
  readonly timers: Timers;
  /** The page's UI state the host kept (restored by the serializer, or from the last panel). */
  readonly viewState: ViewState | undefined;
  /** Brings the model up to date with the session now (before a whole state is sent). */
  readonly refresh: () => void;
  /** Reveals an item in the Cluster Explorer. */
  readonly reveal: (item: ItemRef) => Promise<void>;
  /** The page's UI state changed. */
  readonly onViewState: (state: ViewState) => void;
  readonly onDidDispose: (panel: DashboardPanel) => void;
}

/** The one folder the page may load from: the built webview. */
function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [webviewRoot(extensionUri)] };
}

export class DashboardPanel implements vscode.Disposable {
  private readonly channel: DashboardChannel;
  private readonly subscriptions: vscode.Disposable[] = [];
  private invalid = 0;
  private disposed = false;

  /** Opens a new dashboard panel beside the active editor. */
  static create(deps: PanelDeps): DashboardPanel {
    const panel = vscode.window.createWebviewPanel(
      DASHBOARD_VIEW_TYPE,
      DASHBOARD_TITLE,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { ...webviewOptions(deps.extensionUri), retainContextWhenHidden: false, enableFindWidget: false },
    );
    return new DashboardPanel(panel, deps);
  }

  /** Takes over a panel: a new one, or one VS Code restored after a reload (the serializer). */
  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
  ) {
    const { extensionUri, model, timers } = deps;
    const webview = panel.webview;
    // A restored panel comes with the options it was saved with: set ours again.
    webview.options = webviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'cluster.svg');
    this.channel = new DashboardChannel(model, (m) => this.post(m), timers, UPDATE_INTERVAL_MS, deps.viewState, (err) => deps.log.error('Dashboard: update', err));
    this.subscriptions.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidChangeViewState((e) => this.guard('view state', () => this.visibility(e.webviewPanel.visible))),
      panel.onDidDispose(() =>
        this.guard('dispose', () => {
          if (!this.disposed) this.cleanUp();
        }),
      ),
    );
    model.liveDensity = panel.visible;
    const root = webviewRoot(extensionUri);
    const uri = (parts: readonly string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(root, ...parts)).toString();
    webview.html = dashboardHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      script: uri(WEBVIEW_FILES.script),
      style: uri(WEBVIEW_FILES.style),
      codicons: uri(WEBVIEW_FILES.codicons),
    });
  }

  /** The model has news (called after each model update). */
  changed(): void {
    this.guard('update', () => this.channel.changed());
  }

  /** The user selected this in the Cluster Explorer. */
  focus(item: ItemRef): void {
    this.guard('focus', () => this.channel.focus(item));
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    if (this.disposed) return;
    this.cleanUp();
    this.panel.dispose();
  }

  private cleanUp(): void {
    this.disposed = true;
    this.channel.dispose();
    this.deps.model.liveDensity = false;
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.deps.onDidDispose(this);
  }

  private visibility(visible: boolean): void {
    this.deps.model.liveDensity = visible;
    // Hidden, the page's document is dropped (retainContextWhenHidden is off); shown again, it
    // loads afresh and says `ready`.
    if (!visible) this.channel.onGone();
  }

  private receive(raw: unknown): void {
    this.guard('message', () => {
      if (this.disposed) return;
      const message = parseWebviewMessage(raw);
      if (!message) {
        this.invalid++;
        if (this.invalid <= LOGGED_INVALID) this.deps.log.error(`Dashboard: dropped a message that is not one of the protocol's (${describe(raw)})`);
        else if (this.invalid % 1000 === 0) this.deps.log.error(`Dashboard: ${this.invalid} invalid messages dropped so far`);
        return;
      }
      this.handle(message);
    });
  }

  private handle(message: WebviewToHost): void {
    switch (message.type) {
      case 'ready':
        this.deps.model.liveDensity = this.panel.visible;
        this.deps.refresh();
        this.channel.onReady();
        return;
      case 'reveal':
        this.deps.reveal(message.item).catch((err: unknown) => this.deps.log.error('Dashboard: reveal in the Cluster Explorer', err));
        return;
      case 'viewState':
        this.channel.setViewState(message.state);
        this.deps.onViewState(message.state);
        return;
    }
  }

  private post(message: HostToWebview): void {
    if (this.disposed) return;
    try {
      this.panel.webview.postMessage(message).then(undefined, (err: unknown) => this.deps.log.error(`Dashboard: posting "${message.type}"`, err));
    } catch (err) {
      this.deps.log.error(`Dashboard: posting "${message.type}"`, err);
    }
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.deps.log.error(`Dashboard: ${what}`, err);
    }
  }
}

/** A few safe words about a rejected message for the log: its type if it has a short one. */
function describe(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return typeof raw;
  try {
    const type = (raw as { type?: unknown }).type;
    return typeof type === 'string' && type.length <= 40 ? `type "${type.replace(/[^\w.-]/g, '?')}"` : 'no known type';
  } catch {
    return 'unreadable';
  }
}
