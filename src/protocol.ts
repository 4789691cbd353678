/**
 * Messages between the extension host and the dashboard webview, typed both ways. Each side
 * validates what it receives; this file grows with the dashboard.
 */
export type WebviewToHost = { readonly type: 'ready' };

export type HostToWebview = { readonly type: 'reset' };
