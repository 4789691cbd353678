// The page's HTML and its Content Security Policy, and the mapping between the page's items and
// the Cluster Explorer's targets.
import { strict as assert } from 'node:assert';
import { contentSecurityPolicy, createNonce, dashboardHtml } from '../../../src/extension/dashboard/html';
import { itemFor, sameItem, targetsFor } from '../../../src/extension/dashboard/refs';

const CSP_SOURCE = 'https://*.vscode-cdn.net';
const page = (nonce = 'abc123') =>
  dashboardHtml({
    cspSource: CSP_SOURCE,
    nonce,
    script: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/dashboard.js',
    style: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/dashboard.css',
    codicons: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/codicons/codicon.css',
  });

/** The policy's directives, as the browser reads them. */
function directives(html: string): Map<string, string[]> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'a CSP meta tag');
  const out = new Map<string, string[]>();
  for (const part of m[1].split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values);
  }
  return out;
}

describe('dashboard: page HTML and Content Security Policy', () => {
  it('allows nothing by default; scripts only with the nonce; styles, fonts, images only from the extension', () => {
    const csp = directives(page('n0nce'));
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), ["'nonce-n0nce'"]);
    assert.deepEqual(csp.get('style-src'), [CSP_SOURCE]);
    assert.deepEqual(csp.get('font-src'), [CSP_SOURCE]);
    assert.deepEqual(csp.get('img-src'), [CSP_SOURCE, 'data:']);
    assert.deepEqual(csp.get('base-uri'), ["'none'"]);
    const all = contentSecurityPolicy(CSP_SOURCE, 'n0nce');
    for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "'unsafe-hashes'"]) assert.ok(!all.includes(unsafe), unsafe);
    for (const values of csp.values()) for (const v of values) assert.ok(!['*', 'http:', 'https:', 'blob:'].includes(v), `no wildcard source ${v}`);
  });

  it('loads the bundle with the nonce, the stylesheets, and the root element', () => {
    const html = page('n0nce');
    assert.match(html, /<script nonce="n0nce" src="[^"]+\/dist\/webview\/dashboard\.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="[^"]+\/dist\/webview\/dashboard\.css">/);
    assert.match(html, /<link rel="stylesheet" href="[^"]+\/dist\/webview\/codicons\/codicon\.css" id="vscode-codicon-stylesheet">/, '@vscode-elements finds codicons by this id');
    assert.match(html, /<div id="root"><\/div>/);
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script, no inline code');
    assert.ok(!/\sstyle=/.test(html) && !/<style/.test(html), 'no inline styles');
  });

  it('a fresh, unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    assert.equal(nonces.size, 100);
    for (const n of nonces) assert.ok(Buffer.from(n, 'base64').length >= 16, 'at least 128 bits');
  });

  it('escapes what it puts in attributes', () => {
    const html = dashboardHtml({ cspSource: CSP_SOURCE, nonce: 'x"><script>alert(1)</script>', script: 'a"b', style: 's', codicons: 'c' });
    assert.ok(!html.includes('<script>alert(1)'));
    assert.ok(html.includes('src="a&quot;b"'));
  });
});

describe('dashboard: items and Cluster Explorer targets', () => {
  it('reveals an item as its tree item, a disk or volume as either', () => {
    assert.deepEqual(targetsFor({ kind: 'vm', name: 'SQL01' }), [{ kind: 'vm', name: 'SQL01' }]);
    assert.deepEqual(targetsFor({ kind: 'node', name: 'HV03' }), [{ kind: 'node', name: 'HV03' }]);
    assert.deepEqual(targetsFor({ kind: 'network', name: 'LAN' }), [{ kind: 'network', name: 'LAN' }]);
    assert.deepEqual(targetsFor({ kind: 'disk', name: 'Cluster Disk 1' }), [
      { kind: 'disk', name: 'Cluster Disk 1' },
      { kind: 'volume', name: 'Cluster Disk 1' },
    ]);
    assert.deepEqual(targetsFor({ kind: 'volume', name: 'Cluster Disk 1' })[0], { kind: 'volume', name: 'Cluster Disk 1' });
  });

  it('focuses the page on what the tree selected: a link as its network, a node\'s access as its volume', () => {
    assert.deepEqual(itemFor({ kind: 'vm', name: 'SQL01' }), { kind: 'vm', name: 'SQL01' });
    assert.deepEqual(itemFor({ kind: 'link', name: 'iSCSI', node: 'HV03' }), { kind: 'network', name: 'iSCSI' });
    assert.deepEqual(itemFor({ kind: 'volumeAccess', name: 'Cluster Disk 1', node: 'HV03' }), { kind: 'volume', name: 'Cluster Disk 1' });
    assert.deepEqual(itemFor({ kind: 'disk', name: 'Quorum' }), { kind: 'disk', name: 'Quorum' });
    for (const kind of ['cluster', 'nodesFolder', 'vmsFolder', 'networksFolder', 'volumesFolder', 'disksFolder'] as const) assert.equal(itemFor({ kind, name: '' }), null);
    assert.ok(sameItem({ kind: 'vm', name: 'A' }, { kind: 'vm', name: 'A' }));
    assert.ok(!sameItem({ kind: 'vm', name: 'A' }, { kind: 'node', name: 'A' }));
    assert.ok(!sameItem(null, null));
  });
});
