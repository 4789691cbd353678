/**
 * A tiny static server for the browser test, on 127.0.0.1 and a free port: the harness page
 * (with the CSP and theme filled in), the harness's own files, and the built dist/webview.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy } from '../../src/extension/dashboard/html';

const REPO = join(__dirname, '..', '..');
const ROOTS: Readonly<Record<string, string>> = {
  '/harness/': join(__dirname, 'harness'),
  '/dist/webview/': join(REPO, 'dist', 'webview'),
};
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export interface HarnessServer {
  readonly origin: string;
  /** The dashboard page: `theme` sets the body class; `csp: false` leaves the CSP out (the XSS check runs without it). */
  url(options: { theme: 'light' | 'dark'; csp?: boolean }): string;
  close(): Promise<void>;
}

export async function startHarnessServer(): Promise<HarnessServer> {
  const template = await readFile(join(__dirname, 'harness', 'index.html'), 'utf8');
  let origin = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname === '/' || url.pathname === '/index.html') {
        const nonce = randomBytes(16).toString('base64');
        const theme = url.searchParams.get('theme') === 'dark' ? 'vscode-dark' : 'vscode-light';
        // The policy the extension's panel sets, with this origin standing in for webview.cspSource.
        const csp = contentSecurityPolicy(origin, nonce);
        const html = template
          .replace('%CSP_META%', url.searchParams.get('csp') === '0' ? '' : `<meta http-equiv="Content-Security-Policy" content="${csp.replaceAll('"', '&quot;')}">`)
          .replaceAll('%THEME_CLASS%', theme)
          .replaceAll('%NONCE%', nonce);
        res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
        res.end(html);
        return;
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      for (const [prefix, dir] of Object.entries(ROOTS)) {
        if (!url.pathname.startsWith(prefix)) continue;
        const file = normalize(join(dir, decodeURIComponent(url.pathname.slice(prefix.length))));
        if (!file.startsWith(dir + sep)) break;
        try {
          const body = await readFile(file);
          res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
          res.end(body);
        } catch {
          res.writeHead(404).end();
        }
        return;
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: ({ theme, csp = true }) => `${origin}/?theme=${theme}${csp ? '' : '&csp=0'}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
