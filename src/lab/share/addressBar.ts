/**
 * Keeps the address bar equal to the experiment, with a browser history a person can walk: a
 * structural change commits an entry; a slider drag makes one entry, replaced while the thumb moves
 * and committed when it is let go; back and forward hand the address's config back to the lab.
 */
export type AddressChange = 'load' | 'live' | 'restore';

export interface AddressWindow {
  location: { search: string; pathname: string; hash: string };
  history: { pushState(data: unknown, unused: string, url: string): void; replaceState(data: unknown, unused: string, url: string): void };
  addEventListener(type: string, listener: (event: Event) => void, options?: boolean | AddEventListenerOptions): void;
  removeEventListener(type: string, listener: (event: Event) => void, options?: boolean | EventListenerOptions): void;
}

/** Events that end a drag or a key press on a control. */
const GESTURE_END_EVENTS = ['pointerup', 'keyup', 'change', 'focusout'] as const;

export class AddressBarSync {
  private inGesture = false;
  private readonly endGesture = () => {
    this.inGesture = false;
  };
  private readonly onPop = () => {
    this.inGesture = false;
    this.popListener?.(this.win.location.search);
  };
  private popListener: ((search: string) => void) | null = null;

  constructor(private readonly win: AddressWindow) {
    for (const type of GESTURE_END_EVENTS) win.addEventListener(type, this.endGesture, true);
    win.addEventListener('popstate', this.onPop);
  }

  /** Called with the address's query (with its leading "?") after back or forward. */
  onNavigate(listener: (search: string) => void): void {
    this.popListener = listener;
  }

  update(query: string, change: AddressChange): void {
    const search = `?${query}`;
    if (search === this.win.location.search) return;
    const url = `${this.win.location.pathname}${search}${this.win.location.hash}`;
    if (change === 'restore' || (change === 'live' && this.inGesture)) {
      this.win.history.replaceState(null, '', url);
      return;
    }
    this.win.history.pushState(null, '', url);
    this.inGesture = change === 'live';
  }

  /** Rewrite the current entry in place (e.g. the backend became known): no new history entry. */
  replace(query: string): void {
    const search = `?${query}`;
    if (search === this.win.location.search) return;
    this.win.history.replaceState(null, '', `${this.win.location.pathname}${search}${this.win.location.hash}`);
  }

  dispose(): void {
    for (const type of GESTURE_END_EVENTS) this.win.removeEventListener(type, this.endGesture, true);
    this.win.removeEventListener('popstate', this.onPop);
  }
}
