/**
 * One code-server for a test run: a fresh user-data and extensions folder, the .vsix installed
 * as a user would (`code-server --install-extension`), user settings that keep the first start
 * quiet, and the server on a free port of 127.0.0.1. `stop()` ends it and every process it
 * started (it runs in its own process group).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { codeServerEntry, codeServerEnv, node24 } from './environment';

export interface CodeServerOptions {
  /** Folder for user data, extensions and the server's log. */
  readonly dir: string;
  readonly vsix: string;
  /** The folder the workbench opens. */
  readonly workspace: string;
  readonly settings?: Record<string, unknown>;
}

/** Settings that keep a first start quiet: no welcome page, no AI chat, no telemetry, no tips. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'editor.codeLens': true,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export const EXTENSION_ID = 'fcsim.hyperv-cluster-sim';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export class CodeServer {
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  private child: ChildProcess | null = null;
  private exited: string | null = null;
  port = 0;

  constructor(private readonly options: CodeServerOptions) {
    this.userDataDir = path.join(options.dir, 'user-data');
    this.extensionsDir = path.join(options.dir, 'extensions');
    this.logFile = path.join(options.dir, 'code-server.log');
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** `code-server ARGS` with this instance's folders, run to its end; its output. */
  cli(args: readonly string[], timeoutMs = 120_000): string {
    const r = spawnSync(node24(), [codeServerEntry(), '--user-data-dir', this.userDataDir, '--extensions-dir', this.extensionsDir, ...args], {
      env: codeServerEnv(),
      encoding: 'utf8',
      timeout: timeoutMs,
    });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    if (r.error || r.status !== 0) throw new Error(`code-server ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${output}`);
    return output;
  }

  /** Installs the .vsix and writes the user settings; returns `--list-extensions --show-versions`. */
  prepare(): string {
    mkdirSync(path.join(this.userDataDir, 'User'), { recursive: true });
    mkdirSync(this.extensionsDir, { recursive: true });
    writeFileSync(path.join(this.userDataDir, 'User', 'settings.json'), `${JSON.stringify({ ...QUIET_SETTINGS, ...this.options.settings }, null, 2)}\n`);
    this.cli(['--install-extension', this.options.vsix]);
    return this.cli(['--list-extensions', '--show-versions']);
  }

  async start(readyTimeoutMs = 120_000): Promise<void> {
    this.port = await freePort();
    const log = createWriteStream(this.logFile);
    const args = [
      codeServerEntry(),
      '--bind-addr',
      `127.0.0.1:${this.port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir',
      this.userDataDir,
      '--extensions-dir',
      this.extensionsDir,
      this.options.workspace,
    ];
    const child = spawn(node24(), args, { env: codeServerEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.on('exit', (code, signal) => {
      this.exited = `exited with ${signal ?? `code ${code}`}`;
      process.off('exit', this.killNow);
    });
    // If the test process is stopped before its after() hooks run, code-server goes with it.
    process.once('exit', this.killNow);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        this.killNow();
        process.exit(130);
      });
    }
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (this.exited) throw new Error(`code-server ${this.exited} before it was ready; see ${this.logFile}`);
      try {
        const res = await fetch(`${this.url}healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`code-server did not answer on ${this.url} within ${readyTimeoutMs / 1000} s; see ${this.logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  private readonly killNow = (): void => {
    if (!this.child?.pid || this.exited) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };

  /** Ends code-server and everything it started: SIGTERM to its process group, SIGKILL if it lingers. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child?.pid || this.exited) return;
    const group = -child.pid;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      return;
    }
    const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 5000));
    if ((await Promise.race([gone, timer])) === 'late') {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    // The extension host and the other helpers may outlive the server by a moment.
    try {
      process.kill(group, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
