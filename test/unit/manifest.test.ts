// What package.json promises about activation and packaging.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Manifest {
  engines: { vscode: string };
  activationEvents: string[];
  dependencies?: Record<string, string>;
  contributes: {
    jsonValidation: { fileMatch: string; url: string }[];
    languages: { id: string; filenamePatterns?: string[] }[];
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;

describe('package.json', () => {
  it('activates for scenario workspaces, the dashboard panel, and (implicitly) its views and commands: not for every JSONC file', () => {
    assert.deepEqual(manifest.activationEvents, ['workspaceContains:**/*.cluster.json', 'onWebviewPanel:fcsim.dashboard']);
    // VS Code 1.74 and later activate on a contributed command or view without an event for it.
    const [, major, minor] = /^\^(\d+)\.(\d+)\./.exec(manifest.engines.vscode) ?? [];
    assert.ok(Number(major) > 1 || Number(minor) >= 74, manifest.engines.vscode);
  });

  it('keeps VS Code\'s JSON features for scenario files: opened as JSON with comments, checked against the schema', () => {
    assert.deepEqual(manifest.contributes.languages, [{ id: 'jsonc', filenamePatterns: ['*.cluster.json'] }]);
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '*.cluster.json', url: './schemas/scenario.schema.json' }]);
  });

  it('has no run-time dependencies: the extension, its dashboard and the CLI are bundled', () => {
    assert.deepEqual(manifest.dependencies ?? {}, {});
  });
});
