// HostChannel: The webview's end of a channel (also connectHost, nextRequestId).
import type { z } from 'zod';
import { receive, WEBVIEW_PROTOCOL_VERSION } from '../../src/protocol/webviewChannel';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The webview's end of a channel: typed posts, saved state, and validated arrivals. */
export interface HostChannel<Out> {
  post(message: Out): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/**
 * Connects to the host: every message that arrives is validated with `schema` and handed to
 * `onMessage`; an invalid one is logged to the webview's console and dropped. Posts `ready` once
 * listening, so the host knows it may start sending.
 */
export function connectHost<In, Out>(schema: z.ZodType<In>, onMessage: (m: In) => void): HostChannel<Out> {
  const api = acquireVsCodeApi();
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const arrival = receive(schema, event.data);
    if (arrival.ok) onMessage(arrival.message);
    else console.warn(`Optimizer Lab: dropped ${arrival.reason}`);
  });
  api.postMessage({ type: 'ready', payload: { protocol: WEBVIEW_PROTOCOL_VERSION } });
  return {
    post: (m) => api.postMessage(m),
    getState: () => api.getState(),
    setState: (s) => api.setState(s),
  };
}

let counter = 0;
/** A request id unique within this page. */
export function nextRequestId(): string {
  counter += 1;
  return `r${counter}-${Date.now().toString(36)}`;
}
