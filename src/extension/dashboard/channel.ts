/**
 * The host's side of the conversation with the dashboard page, without `vscode`: nothing goes
 * out until the page says it is `ready`; then it gets the whole state (`init`, with its own UI
 * state kept by the host) and after that only changes (`update`), at most one message per
 * interval (100 ms: ten a second). While the page is not ready, changes wait in the model, merged
 * per migration and volume, and are part of the next `init`; a `focus` waits too (the latest
 * one). When the page goes away (the panel is hidden, which drops its document), it is not ready
 * again until it says so, and then starts from a whole state again.
 */
import type { DashboardState, HostToWebview, ItemRef, ViewState } from '../../protocol';
import type { Timers } from '../session/timers';
import type { TakenChanges } from './model/dashboardModel';
import { Throttle } from './throttle';

/** At most this many updates a second go to the page. */
export const UPDATE_INTERVAL_MS = 100;

/** Where the channel reads what to send (the DashboardModel). */
export interface ChannelSource {
  takeState(): DashboardState;
  takeChanges(): TakenChanges;
  readonly hasChanges: boolean;
}

export class DashboardChannel {
  private ready = false;
  private waitingFocus: ItemRef | null = null;
  private view: ViewState | undefined;
  private readonly throttle: Throttle;

  constructor(
    private readonly source: ChannelSource,
    private readonly post: (message: HostToWebview) => void,
    timers: Timers,
    intervalMs: number = UPDATE_INTERVAL_MS,
    viewState?: ViewState,
    /** Told about an exception in an update sent from the throttle's timer, where no caller can catch it. */
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    this.view = viewState;
    this.throttle = new Throttle(timers, intervalMs, () => {
      try {
        this.flush();
      } catch (err) {
        this.onError(err);
      }
    });
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** The page's UI state as the host keeps it (for `init` and the serializer). */
  get viewState(): ViewState | undefined {
    return this.view;
  }

  /** The page (re)loaded and is listening: the whole state, then what waited. */
  onReady(): void {
    this.ready = true;
    this.throttle.cancel();
    this.sendInit();
    const focus = this.waitingFocus;
    this.waitingFocus = null;
    if (focus) this.post({ type: 'focus', item: focus });
  }

  /** The page is gone (hidden or disposed): nothing is sent until it is ready again. */
  onGone(): void {
    this.ready = false;
    this.throttle.cancel();
  }

  /** The model has news: an update goes out now or at the end of the interval. */
  changed(): void {
    if (this.ready && this.source.hasChanges) this.throttle.schedule();
  }

  /** Brings an item into view on the page (now, or once it is ready). */
  focus(item: ItemRef): void {
    if (this.ready) this.post({ type: 'focus', item });
    else this.waitingFocus = item;
  }

  setViewState(state: ViewState): void {
    this.view = state;
  }

  dispose(): void {
    this.onGone();
  }

  private flush(): void {
    if (!this.ready) return;
    const { reset, changes } = this.source.takeChanges();
    if (reset) this.sendInit();
    else if (changes.length > 0) this.post({ type: 'update', changes });
  }

  private sendInit(): void {
    const state = this.source.takeState();
    this.post(this.view ? { type: 'init', state, viewState: this.view } : { type: 'init', state });
  }
}
