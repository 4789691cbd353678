/** esbuild bundles the page's stylesheet into dist/webview/dashboard.css. */
declare module '*.css';
