// What every host <-> webview channel shares: the protocol version, the ready handshake, request ids,
// receive().
import { z } from 'zod';

/**
 * What every host <-> webview channel shares: the protocol version and the ready handshake. A
 * webview posts `ready` once its script runs; the host sends nothing before it, so no message is
 * lost to a page that is still loading. Each feature's messages live in their own module
 * (lab.ts, runPanel.ts, surfaceExplorer.ts).
 */
export const WEBVIEW_PROTOCOL_VERSION = 1;

export const readyMessageSchema = z.strictObject({
  type: z.literal('ready'),
  payload: z.strictObject({ protocol: z.literal(WEBVIEW_PROTOCOL_VERSION) }),
});

/** Requests that need an answer carry one of these; the answer repeats it. */
export const requestIdSchema = z.string().min(1).max(64);

/** A message that arrived: the parsed value, or why it was dropped. */
export type Arrival<T> = { ok: true; message: T } | { ok: false; reason: string };

/**
 * Validates one message that crossed a boundary. An invalid message is never trusted: the caller
 * logs `reason` and drops it. The reason names the message type and the first bad field.
 */
export function receive<T>(schema: z.ZodType<T>, data: unknown): Arrival<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, message: parsed.data };
  const type =
    typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string'
      ? (data as { type: string }).type
      : typeof data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length ? issue.path.join('.') : 'message';
  return { ok: false, reason: `invalid "${type}" message: ${where}: ${issue?.message ?? 'rejected'}` };
}
