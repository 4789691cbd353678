/**
 * The page's side of the VS Code webview API: posting typed messages and keeping the page's own
 * UI state (timeline filters, the focused item) with getState/setState, so it survives the panel
 * being hidden or VS Code restarting; the host gets the same state as `viewState` for the
 * panel serializer.
 */
import type { ViewState, WebviewToHost } from '../src/protocol';
import { parseViewState } from '../src/protocolValidation';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): unknown;
}

declare function acquireVsCodeApi(): VsCodeApi;

export type { ViewState };

const EMPTY_VIEW_STATE: ViewState = { filters: {}, focused: null };

export class Host {
  private readonly api: VsCodeApi;

  constructor() {
    this.api = acquireVsCodeApi();
  }

  post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  /** The state saved by an earlier page, checked like any message (a bad one is dropped). */
  loadViewState(): ViewState {
    return parseViewState(this.api.getState()) ?? EMPTY_VIEW_STATE;
  }

  /** Keeps the state in the webview and tells the host. */
  saveViewState(state: ViewState): void {
    this.api.setState(state);
    this.post({ type: 'viewState', state });
  }
}
