import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/**', 'out/**', '.vscode-test/**', 'node_modules/**', 'test-output/**', '.cache/**', '*.vsix',
      // The scenario schema compiled ahead of time (scripts/schemaValidator.mjs): generated code.
      'src/engine/scenario/generated/*.js',
      // Breaks the engine's layering rule on purpose; test/unit/architecture/layering.test.ts lints it.
      'test/fixtures/layering/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded Random of src/engine/kernel.' },
        { object: 'Date', property: 'now', message: 'The engine runs on simulated time only.' },
      ],
    },
  },
  {
    // The engine is pure: no VS Code, no DOM, no I/O, no wall clock. And it is the bottom layer:
    // the extension, the CLI, the webview and their protocol import it, never the other way. The
    // patterns match at any depth (a file in src/engine/a/b/ imports '../../../extension/x');
    // test/fixtures/layering holds a file that must break each of them (test/unit/architecture).
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode', 'vscode/**'], message: 'The engine is pure: only src/extension talks to VS Code.' },
            {
              group: ['node:*', 'fs', 'fs/**', 'path', 'path/**', 'child_process', 'os', 'worker_threads', 'process'],
              message: 'The engine does no I/O: the CLI and the extension read and write files and run processes.',
            },
            {
              group: ['**/extension', '**/extension/**', '**/cli', '**/cli/**', '**/webview', '**/webview/**', '**/protocol', '**/protocolValidation'],
              message: 'The engine is the bottom layer: the extension, the CLI, the webview and their protocol import it, never the other way.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'performance', 'setTimeout', 'setInterval', 'process'],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date']", message: 'The engine runs on simulated time only.' }],
    },
  },
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['test/**/*.ts', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
