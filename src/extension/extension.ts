import * as vscode from 'vscode';
import { loadScenario } from '../engine';
import { formatDiagnostic } from '../engine/scenario/diagnostics';

/**
 * Activation. For now the extension offers one command that checks the scenario in the active
 * editor with the same loader the CLI uses; the Cluster Explorer, the dashboard and the editor
 * diagnostics grow from here.
 */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Failover Cluster Simulator');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('fcsim.validateScenario', async () => {
      try {
        const editor = vscode.window.activeTextEditor;
        if (!editor) {
          await vscode.window.showInformationMessage('Open a *.cluster.json scenario file to validate it.');
          return;
        }
        const name = vscode.workspace.asRelativePath(editor.document.uri);
        const { diagnostics } = loadScenario(editor.document.getText());
        const errors = diagnostics.filter((d) => d.severity === 'error').length;
        output.clear();
        for (const d of diagnostics) output.appendLine(formatDiagnostic(d, name));
        if (diagnostics.length > 0) output.show(true);
        const summary = errors > 0 ? `${name}: ${errors} error(s)` : `${name} is a valid scenario (${diagnostics.length} warning(s))`;
        await (errors > 0 ? vscode.window.showErrorMessage(summary) : vscode.window.showInformationMessage(summary));
      } catch (err) {
        // Never let an exception reach the extension host.
        output.appendLine(`Internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        void vscode.window.showErrorMessage('Validating the scenario failed unexpectedly; see the "Failover Cluster Simulator" output.');
      }
    }),
  );
}

export function deactivate(): void {
  // Nothing to release yet: every resource is a context subscription.
}
