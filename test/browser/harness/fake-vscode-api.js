/* global window, document */
/*
 * A stand-in for the VS Code webview API, loaded before the dashboard bundle:
 * - acquireVsCodeApi() may be called once, as in VS Code, and returns postMessage/getState/setState;
 * - posted messages are recorded (window.__harness.posted) for the test to read;
 * - the state survives a reload of the page (sessionStorage), as VS Code keeps it for a webview;
 * - window.__harness.deliver(messages) dispatches host messages as VS Code does (MessageEvents);
 * - CSP violations are recorded (window.__harness.violations).
 */
(function () {
  'use strict';
  var KEY = 'fake-vscode-webview-state';
  var posted = [];
  var violations = [];
  var acquired = false;

  document.addEventListener('securitypolicyviolation', function (e) {
    violations.push({ directive: e.violatedDirective, blocked: String(e.blockedURI), sample: String(e.sample || '') });
  });

  function copy(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }

  window.__harness = {
    posted: posted,
    violations: violations,
    state: function () {
      var raw = sessionStorage.getItem(KEY);
      return raw === null ? undefined : JSON.parse(raw);
    },
    deliver: function (messages) {
      for (var i = 0; i < messages.length; i++) window.dispatchEvent(new MessageEvent('message', { data: messages[i] }));
    },
  };

  window.acquireVsCodeApi = function () {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage: function (message) {
        posted.push(copy(message));
      },
      getState: function () {
        return window.__harness.state();
      },
      setState: function (state) {
        sessionStorage.setItem(KEY, JSON.stringify(state));
        return state;
      },
    });
  };
})();
