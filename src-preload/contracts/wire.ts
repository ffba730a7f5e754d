/**
 * Wire format of the headless host's WebSocket (`/api?token=…`). Same semantics as the
 * Electron IPC transport: one request per contract method, results as `Result<T>`.
 *   client → host: { t: 'call', id: number, method: '<domain>.<action>', input: unknown }
 *   host → client: { t: 'result', id: number, result: Result<unknown> }
 *   host → client: { t: 'event', name: EventName, payload: unknown }
 */
export type ClientMessage = { t: 'call'; id: number; method: string; input: unknown }
export type HostMessage =
  | { t: 'result'; id: number; result: import('./errors').Result<unknown> }
  | { t: 'event'; name: string; payload: unknown }
