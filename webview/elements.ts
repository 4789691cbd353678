/**
 * The @vscode-elements/elements components the dashboard uses (the maintained successor of the
 * deprecated @vscode/webview-ui-toolkit). Each import registers its custom element. They style
 * themselves with the `--vscode-*` variables through adopted stylesheets, which the strict CSP
 * allows (no inline styles, no 'unsafe-inline').
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
