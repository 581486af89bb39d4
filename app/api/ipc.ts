// The RouteLightsApi over Electron IPC, without Electron: the channel names, and the renderer-side API
// built from an `invoke` and an `on` (the preload passes ipcRenderer's). One method per contract method,
// so the preload exposes exactly the contract, as the HTTP bridge does.
import { METHODS, type ApiEvent, type Call, type MethodName, type RouteLightsApi } from './contract.ts';

export const CHANNELS = { call: 'routelights:call', event: 'routelights:event' } as const;

export type Invoke = (channel: string, method: string, request: unknown) => Promise<unknown>;
export type On = (channel: string, listener: (payload: unknown) => void) => () => void;

export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

export function createIpcApi(invoke: Invoke, on: On): RouteLightsApi {
  const call: Call = async (method, request) => {
    const answer = (await invoke(CHANNELS.call, method, request)) as { ok: true; value: unknown } | { ok: false; failure: { layer: string; code: string; reason: string; remedy: string } };
    if (!answer.ok) throw Object.assign(new Error(answer.failure.reason), { failure: answer.failure });
    return METHODS[method].response.parse(answer.value) as never;
  };
  return { call, subscribe: (listener: (event: ApiEvent) => void) => on(CHANNELS.event, (payload) => listener(payload as ApiEvent)) };
}

/** What main answers on the call channel: the value, or the failure as a person reads it. */
export async function answerCall(api: RouteLightsApi, method: unknown, request: unknown): Promise<{ ok: true; value: unknown } | { ok: false; failure: { layer: string; code: string; reason: string; remedy: string } }> {
  if (typeof method !== 'string' || !(method in METHODS)) return { ok: false, failure: { layer: 'ipc', code: 'unknown-method', reason: `No API method ${String(method)}.`, remedy: 'Update the window.' } };
  const name = method as MethodName;
  const checked = METHODS[name].request.safeParse(request ?? {});
  if (!checked.success) return { ok: false, failure: { layer: 'ipc', code: 'bad-request', reason: `The request does not fit ${name}.`, remedy: 'Reload the window.' } };
  try {
    return { ok: true, value: await api.call(name, checked.data as never) };
  } catch (error) {
    const failure = (error as { failure?: { layer: string; code: string; reason: string; remedy: string } }).failure;
    return { ok: false, failure: failure ?? { layer: 'ipc', code: 'internal', reason: `RouteLights failed while answering ${name}.`, remedy: 'Try again.' } };
  }
}
