/**
 * The diagnostics worker thread (dist/diagnosticsWorker.js, started by checker.ts): checks the
 * scenario texts the extension host sends, one at a time, off the host's thread, so that loading
 * a scenario at the loader's limits (64 nodes, 8,000 VMs, about 3 MiB) never holds up typing,
 * menus or other extensions. No `vscode` here: a worker thread has no access to it.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeText } from './analyzeText';
import type { CheckMessage, ReplyMessage } from './workerProtocol';

function describe(err: unknown): string {
  try {
    return err instanceof Error ? (err.stack ?? err.message) : String(err);
  } catch {
    return 'an error that cannot be described';
  }
}

const port = parentPort;
if (port) {
  port.on('message', (m: CheckMessage) => {
    let reply: ReplyMessage;
    try {
      reply = { id: m.id, analysis: analyzeText(m.text, m.languageId) };
    } catch (err) {
      // The loader never throws; if it ever did, the host logs it and keeps the editor usable.
      reply = { id: m.id, error: describe(err) };
    }
    port.postMessage(reply);
  });
}
