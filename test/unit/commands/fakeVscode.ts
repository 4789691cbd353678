/**
 * Just enough of the `vscode` API for the command glue to run in mocha: commands are registered
 * into a map, quick picks and input boxes answer from a queue the test fills, messages are
 * recorded. Installed for `require('vscode')` by installFakeVscode().
 */
import Module from 'node:module';

type Handler = (...args: unknown[]) => unknown;

export interface QuickPickCall {
  readonly items: readonly { label: string; description?: string; detail?: string; kind?: number; item?: unknown }[];
  readonly options: Record<string, unknown>;
}

export const fake = {
  commands: new Map<string, Handler>(),
  executed: [] as { command: string; args: unknown[] }[],
  context: new Map<string, unknown>(),
  messages: [] as { level: 'info' | 'warning' | 'error'; text: string }[],
  statusMessages: [] as string[],
  quickPicks: [] as QuickPickCall[],
  /** Answers to the next quick picks: a function choosing among the items, or undefined (dismissed). */
  pickAnswers: [] as (((items: QuickPickCall['items']) => unknown) | undefined)[],
  inputAnswers: [] as (string | undefined)[],
  inputValidation: [] as (string | undefined)[],
  messageAnswers: [] as (string | undefined)[],
  statusItems: [] as StatusBarItem[],
  log: [] as string[],
  /** Texts of the files openTextDocument can open, by URI (`file:///w/a.cluster.json`). */
  files: new Map<string, string>(),
  /** What diagnostic collections hold, by collection name then URI. */
  diagnostics: new Map<string, Map<string, Diagnostic[]>>(),
  /** Listeners of the workspace's document events (fire them with `fireDocumentEvent`). */
  documentListeners: { open: [] as Handler[], change: [] as Handler[], close: [] as Handler[] },
  /** What `workspace.textDocuments` lists. */
  textDocuments: [] as unknown[],
  reset(): void {
    this.commands.clear();
    this.executed = [];
    this.context.clear();
    this.messages = [];
    this.statusMessages = [];
    this.quickPicks = [];
    this.pickAnswers = [];
    this.inputAnswers = [];
    this.inputValidation = [];
    this.messageAnswers = [];
    this.statusItems = [];
    this.log = [];
    this.files.clear();
    this.diagnostics.clear();
    this.documentListeners = { open: [], change: [], close: [] };
    this.textDocuments = [];
  },
};

/** Calls the listeners of a workspace document event, as VS Code would. */
export function fireDocumentEvent(event: 'open' | 'change' | 'close', arg: unknown): void {
  for (const l of [...fake.documentListeners[event]]) l(arg);
}

const listen =
  (event: 'open' | 'change' | 'close') =>
  (listener: Handler): { dispose(): void } => {
    fake.documentListeners[event].push(listener);
    return {
      dispose: () => {
        fake.documentListeners[event] = fake.documentListeners[event].filter((l) => l !== listener);
      },
    };
  };

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export class Diagnostic {
  source: string | undefined;
  code: string | number | undefined;
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: DiagnosticSeverity,
  ) {}
}

export class CodeLens {
  constructor(
    readonly range: Range,
    readonly command?: { title: string; command: string; tooltip?: string; arguments?: unknown[] },
  ) {}
}

export const languages = {
  createDiagnosticCollection: (name: string) => {
    const entries = new Map<string, Diagnostic[]>();
    fake.diagnostics.set(name, entries);
    return {
      set: (uri: Uri, diagnostics: Diagnostic[]) => entries.set(uri.toString(), diagnostics),
      delete: (uri: Uri) => entries.delete(uri.toString()),
      dispose: () => {
        entries.clear();
        fake.diagnostics.delete(name);
      },
    };
  },
  registerCodeLensProvider: () => ({ dispose() {} }),
};

export class ThemeIcon {
  constructor(readonly id: string) {}
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static parse(value: string): Uri {
    const m = /^([a-zA-Z][\w+.-]+):(?:\/\/)?(.*)$/.exec(value);
    return m ? new Uri(m[1], m[2].startsWith('/') ? m[2] : `/${m[2]}`) : new Uri('file', value);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    const segments = base.path.split('/');
    for (const p of parts) {
      if (p === '..') segments.pop();
      else segments.push(p);
    }
    return new Uri(base.scheme, segments.join('/'));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export enum QuickPickItemKind {
  Separator = -1,
  Default = 0,
}
export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum ProgressLocation {
  Notification = 15,
}
export enum FileType {
  File = 1,
  Directory = 2,
}

export class StatusBarItem {
  text = '';
  tooltip: string | undefined;
  command: string | undefined;
  name = '';
  accessibilityInformation: unknown;
  visible = false;
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  dispose(): void {
    this.visible = false;
  }
}

const message =
  (level: 'info' | 'warning' | 'error') =>
  (text: string): Promise<string | undefined> => {
    fake.messages.push({ level, text });
    return Promise.resolve(fake.messageAnswers.shift());
  };

export const window = {
  showInformationMessage: message('info'),
  showWarningMessage: message('warning'),
  showErrorMessage: message('error'),
  setStatusBarMessage: (text: string) => {
    fake.statusMessages.push(text);
    return { dispose() {} };
  },
  showQuickPick: (items: QuickPickCall['items'], options: Record<string, unknown>) => {
    fake.quickPicks.push({ items, options });
    const answer = fake.pickAnswers.shift();
    return Promise.resolve(answer ? answer(items) : undefined);
  },
  /** As VS Code's: an answer its validateInput rejects cannot be accepted, so the next one is typed (none left: dismissed). */
  showInputBox: (options: { validateInput?: (v: string) => string | undefined }) => {
    for (let answer = fake.inputAnswers.shift(); answer !== undefined; answer = fake.inputAnswers.shift()) {
      const problem = options.validateInput?.(answer);
      fake.inputValidation.push(problem);
      if (problem === undefined || problem === null || problem === '') return Promise.resolve(answer);
    }
    return Promise.resolve(undefined);
  },
  createStatusBarItem: () => {
    const item = new StatusBarItem();
    fake.statusItems.push(item);
    return item;
  },
  createOutputChannel: () => ({
    info: (m: string) => fake.log.push(`info: ${m}`),
    error: (m: string) => fake.log.push(`error: ${m}`),
    dispose() {},
  }),
  withProgress: async <T>(_options: unknown, task: (progress: { report(v: unknown): void }, token: { isCancellationRequested: boolean }) => Promise<T>) =>
    task({ report() {} }, { isCancellationRequested: false }),
  activeTextEditor: undefined as unknown,
  showTextDocument: () => Promise.resolve(undefined),
  showOpenDialog: () => Promise.resolve(undefined),
  showSaveDialog: () => Promise.resolve(undefined),
};

export const commands = {
  registerCommand: (id: string, handler: Handler) => {
    if (fake.commands.has(id)) throw new Error(`command ${id} registered twice`);
    fake.commands.set(id, handler);
    return { dispose: () => fake.commands.delete(id) };
  },
  executeCommand: (command: string, ...args: unknown[]) => {
    fake.executed.push({ command, args });
    if (command === 'setContext') fake.context.set(args[0] as string, args[1]);
    const handler = fake.commands.get(command);
    return Promise.resolve(handler ? handler(...args) : undefined);
  },
};

export const workspace = {
  workspaceFolders: undefined,
  fs: {
    readDirectory: () => Promise.resolve([]),
    readFile: () => Promise.resolve(new Uint8Array()),
    writeFile: () => Promise.resolve(),
  },
  /** The files of fake.files; any other rejects, as VS Code does for a file that does not exist. */
  openTextDocument: (uri: Uri) => {
    const text = uri instanceof Uri ? fake.files.get(uri.toString()) : undefined;
    if (text === undefined) return Promise.reject(new Error(`cannot open ${String(uri)}: no such file`));
    return Promise.resolve({ uri, version: 1, languageId: 'jsonc', getText: () => text });
  },
  asRelativePath: (uri: Uri) => uri.path,
  onDidOpenTextDocument: listen('open'),
  onDidChangeTextDocument: listen('change'),
  onDidCloseTextDocument: listen('close'),
  get textDocuments(): unknown[] {
    return fake.textDocuments;
  },
};

let installed = false;

/** Makes `require('vscode')` return this module. */
export function installFakeVscode(): void {
  if (installed) return;
  installed = true;
  const mod = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = mod._resolveFilename;
  mod._resolveFilename = function (request: string, ...rest: unknown[]) {
    if (request === 'vscode') return __filename;
    return original.call(this, request, ...rest);
  };
}
