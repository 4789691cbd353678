/**
 * The dashboard's browser bundle. It talks to the extension host only through the typed
 * messages of src/protocol.ts; for now it announces that it is ready and shows a placeholder.
 */
import type { WebviewToHost } from '../src/protocol';

declare function acquireVsCodeApi(): { postMessage(message: WebviewToHost): void };

const root = document.getElementById('root');
if (root) root.textContent = 'The dashboard shows live migrations, CSV access and network use once a scenario runs.';
acquireVsCodeApi().postMessage({ type: 'ready' });
