/**
 * Shared by the integration tests, which run inside a VS Code instance (`npm run test:vscode`).
 * They reach the running extension only through VS Code (commands, diagnostics, CodeLens) and the
 * small API its `activate` returns; nothing from src/ is bundled in here but types.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClusterExplorer } from '../../src/extension/explorer/registerExplorer';
import type { SimulationSession } from '../../src/extension/session/simulationSession';
import type { Target } from '../../src/extension/explorer/target';

export const EXTENSION_ID = 'fcsim.hyperv-cluster-sim';
export const DIAGNOSTIC_SOURCE = 'Failover Cluster Simulator';

/** What `activate` returns, for tests: the window's session and the Cluster Explorer. */
export interface ExtensionTestApi {
  readonly session: SimulationSession;
  readonly explorer: Pick<ClusterExplorer, 'provider'>;
}

/** Activates the extension under test and returns its API. */
export async function activateExtension(): Promise<{ api: ExtensionTestApi; extensionPath: string }> {
  const extension = vscode.extensions.getExtension<Partial<ExtensionTestApi> | undefined>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in the test instance`);
  const api = await extension.activate();
  assert.ok(extension.isActive, 'the extension is active');
  assert.ok(
    api?.session && api.explorer?.provider,
    'activate() must return { session, explorer } (the SimulationSession and the ClusterExplorer of registerExplorer) for the integration tests',
  );
  return { api: api as ExtensionTestApi, extensionPath: extension.extensionPath };
}

export function exampleUri(extensionPath: string, name: string): vscode.Uri {
  return vscode.Uri.file(path.join(extensionPath, 'examples', name));
}

/** Polls `probe` until it returns something other than undefined/false, or fails after `ms`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Our diagnostics of a document (not those of VS Code's JSON service). */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

/** The range of the first `needle` in the document, after `after` when given, as VS Code counts. */
export function rangeOf(doc: vscode.TextDocument, needle: string, after?: string): vscode.Range {
  const text = doc.getText();
  const from = after === undefined ? 0 : text.indexOf(after);
  assert.ok(from >= 0, `${doc.uri.fsPath} lacks ${JSON.stringify(after)}`);
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `${doc.uri.fsPath} lacks ${JSON.stringify(needle)}`);
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + needle.length));
}

export async function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>('vscode.executeCodeLensProvider', uri)) ?? [];
}

/** One element of the Cluster Explorer, with what VS Code would show for it. */
export interface TreeEntry {
  readonly target: Target;
  readonly label: string;
  readonly children: TreeEntry[];
}

/** The whole Cluster Explorer tree as the provider gives it to VS Code. */
export async function explorerTree(api: ExtensionTestApi, maxDepth = 5): Promise<TreeEntry[]> {
  const provider = api.explorer.provider;
  const visit = async (element: Parameters<typeof provider.getChildren>[0], depth: number): Promise<TreeEntry[]> => {
    if (depth > maxDepth) return [];
    const out: TreeEntry[] = [];
    for (const child of (await provider.getChildren(element)) ?? []) {
      const item = await provider.getTreeItem(child);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      out.push({ target: child.target, label, children: await visit(child, depth + 1) });
    }
    return out;
  };
  return visit(undefined, 1);
}

/** Every entry of the tree, depth first. */
export function flatten(entries: readonly TreeEntry[]): TreeEntry[] {
  return entries.flatMap((e) => [e, ...flatten(e.children)]);
}

export function findEntry(entries: readonly TreeEntry[], kind: Target['kind'], name: string): TreeEntry | undefined {
  return flatten(entries).find((e) => e.target.kind === kind && e.target.name === name);
}
