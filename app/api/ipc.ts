// The RouteLightsApi over Electron IPC, without Electron: the channel names, the renderer-side API built
// from an `invoke` and an `on` (the preload passes ipcRenderer's), and main's side (ipcHost). The request
// is checked once, in main (answerCall); the answer once, in the page (createIpcApi). A failure crosses
// as a Failure and arrives as a FailureError, as over HTTP.
import { eventSchema, isMethodName, METHODS, type ApiEvent, type Call, type RouteLightsApi, type SubscribeOptions } from './contract.ts';
import { failureOf, FailureError, type Failure } from '../model/failure.ts';

/** `listen`: the page says it listens, so that events held for a window (open-route) reach it only then. */
export const CHANNELS = { call: 'routelights:call', event: 'routelights:event', listen: 'routelights:listen' } as const;

export type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>;
export type On = (channel: string, listener: (payload: unknown) => void) => () => void;

export type IpcAnswer = { ok: true; value: unknown } | { ok: false; failure: Failure };

export const METHOD_NAMES = Object.keys(METHODS) as Array<keyof typeof METHODS>;

export function createIpcApi(invoke: Invoke, on: On): RouteLightsApi {
  const call: Call = async (method, request) => {
    const answer = (await invoke(CHANNELS.call, method, request)) as IpcAnswer;
    if (!answer.ok) throw new FailureError(answer.failure);
    const parsed = METHODS[method].response.safeParse(answer.value);
    if (!parsed.success) throw new FailureError({ layer: 'ipc', code: 'bad-answer', reason: `The answer to ${method} does not fit the contract.`, remedy: 'Restart RouteLights: the window and the app are different versions.' });
    return parsed.data as never;
  };
  return {
    call,
    subscribe: (listener: (event: ApiEvent) => void, options: SubscribeOptions = {}) => {
      const off = on(CHANNELS.event, (payload) => {
        const parsed = eventSchema.safeParse(payload);
        if (parsed.success) listener(parsed.data);
      });
      if (options.window) void invoke(CHANNELS.listen).catch(() => undefined);
      return off;
    },
  };
}

/** What main answers to a sender that is not the window's own top frame. */
export const UNTRUSTED_SENDER: IpcAnswer = { ok: false, failure: { layer: 'ipc', code: 'untrusted-sender', reason: 'Only the RouteLights window may call the API.', remedy: 'Open Settings from the menu bar icon.' } };

/** Main's side: answers calls, and forwards events to the page from the moment it listens (a reload listens again). */
export function ipcHost(api: RouteLightsApi): { call(method: unknown, request: unknown): Promise<IpcAnswer>; listen(send: (event: ApiEvent) => void): void; close(): void } {
  let unsubscribe: (() => void) | null = null;
  return {
    call: (method, request) => answerCall(api, method, request),
    listen(send) {
      unsubscribe?.();
      unsubscribe = api.subscribe(send, { window: true });
    },
    close() {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}

/** What main answers on the call channel: the value, or the failure as a person reads it; never a thrown error. */
export async function answerCall(api: RouteLightsApi, method: unknown, request: unknown): Promise<IpcAnswer> {
  if (!isMethodName(method)) return { ok: false, failure: { layer: 'ipc', code: 'unknown-method', reason: `The API has no method ${JSON.stringify(String(method)).slice(0, 80)}.`, remedy: 'Reload the window; if it persists, reinstall RouteLights.' } };
  const checked = METHODS[method].request.safeParse(request ?? {});
  if (!checked.success) return { ok: false, failure: { layer: 'ipc', code: 'bad-request', reason: `The request does not fit ${method}.`, remedy: 'Reload the window.' } };
  try {
    return { ok: true, value: await api.call(method, checked.data as never) };
  } catch (error) {
    return { ok: false, failure: failureOf(error) ?? { layer: 'ipc', code: 'internal', reason: `RouteLights failed while answering ${method}.`, remedy: 'Try again.' } };
  }
}
