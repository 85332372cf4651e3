/** Hooks for measuring what the server does (the metrics feature plugs in here). */
export interface AppObserver {
  /** A request was answered. `route` is the configured route, or "" when none matched. */
  requestFinished?(event: { method: string; route: string; status: number; seconds: number }): void;
  /** One action ran (or failed). */
  actionFinished?(event: { route: string; method: string; type: string; index: number; seconds: number; ok: boolean }): void;
}
