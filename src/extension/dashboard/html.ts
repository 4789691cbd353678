/**
 * The dashboard page's HTML: a root element, the stylesheets and the bundle built into
 * dist/webview, and a strict Content Security Policy: nothing loads unless allowed; scripts only
 * with this page's nonce (no inline handlers, no eval); styles, fonts and images only from the
 * extension's own resources (`cspSource`), images also as data: URIs. No 'unsafe-inline' for
 * styles: @vscode-elements (Lit) adopts constructed stylesheets and sets styles through the
 * CSSOM, neither of which the policy restricts. Pure.
 */
import { randomBytes } from 'node:crypto';

interface PageResources {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** A fresh nonce for this page. */
  readonly nonce: string;
  /** Webview URIs of dist/webview/dashboard.js, dashboard.css and codicons/codicon.css. */
  readonly script: string;
  readonly style: string;
  readonly codicons: string;
}

/** Files of the built webview folder (dist/webview) the page loads. */
export const WEBVIEW_FILES = {
  script: ['dashboard.js'],
  style: ['dashboard.css'],
  codicons: ['codicons', 'codicon.css'],
} as const;

/** 128 random bits, base64: a nonce an attacker cannot guess. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function dashboardHtml(r: PageResources): string {
  const a = escapeAttribute;
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(r.cspSource, r.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${a(r.codicons)}" id="vscode-codicon-stylesheet">
  <link rel="stylesheet" href="${a(r.style)}">
  <title>Failover Cluster Dashboard</title>
</head>
<body>
  <div id="root"></div>
  <script nonce="${a(r.nonce)}" src="${a(r.script)}"></script>
</body>
</html>
`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
