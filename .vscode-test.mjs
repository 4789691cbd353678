// Integration tests in a real VS Code (`npm run test:vscode`, which builds first). See the
// README, "Integration tests in VS Code". By default @vscode/test-electron downloads the latest
// stable VS Code into .vscode-test/; FCSIM_VSCODE_EXECUTABLE=/path/to/VS Code's executable uses an
// installed one instead (no download), and FCSIM_VSCODE_VERSION picks another version to download.
import { defineConfig } from '@vscode/test-cli';

const executable = process.env.FCSIM_VSCODE_EXECUTABLE;

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  version: process.env.FCSIM_VSCODE_VERSION || 'stable',
  ...(executable ? { useInstallation: { fromPath: executable } } : {}),
  // The examples are the workspace: the extension activates on workspaceContains:**/*.cluster.json.
  workspaceFolder: './examples',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  mocha: { ui: 'bdd', timeout: 60_000 },
});
