// One Droid process in its JSON-RPC mode (`droid exec --input-format stream-jsonrpc --output-format
// stream-jsonrpc`, measured on Droid 0.225.2: docs/droid-notes.md): a session opened once, then one turn
// per route, the model switched between turns. A process holds one conversation and runs its turns one
// at a time, so turns are sent one after another. The shapes RouteLights relies on are checked here;
// a Droid that does not speak them is a SessionUnavailable, and the caller falls back to `droid exec`.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { spawnDroidGroup, type DroidGroup } from './droid-process.ts';

const API_VERSION = '1.0.0';

const responseSchema = z.object({ type: z.literal('response'), id: z.string().nullable(), result: z.unknown().optional(), error: z.object({ code: z.number(), message: z.string() }).optional() });
const notificationSchema = z.object({ type: z.literal('notification'), method: z.literal('droid.session_notification'), params: z.object({ notification: z.object({ type: z.string() }).loose() }) });
const serverRequestSchema = z.object({ type: z.literal('request'), id: z.string(), method: z.string() });
const initResultSchema = z.object({ sessionId: z.string(), availableModels: z.array(z.object({ id: z.string(), isCustom: z.boolean().optional() }).loose()).optional() });
const assistantMessageSchema = z.object({ message: z.object({ role: z.string(), content: z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()) }).loose() });
const completedSchema = z.object({ reason: z.string(), turnId: z.string().optional() });

/** Droid does not speak the session protocol (an older or newer Droid), or its process did not start. */
export class SessionUnavailable extends Error {}

export interface TurnOutcome {
  /** agent_turn_completed's reason ("completed", "model_authentication_failed", …), what `stop` resolved with, or process-exit. */
  reason: string;
  text: string;
  /** Droid's own words: its `error` notifications, in order. */
  errors: string[];
  ms: number;
}

export interface SessionSpec {
  droidPath: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** A runtime settings file (a draft, or settings other than ~/.factory/settings.json). */
  settingsFile?: string;
  machineId: string;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type TurnWatch = { turnId: string; text: string; errors: string[]; onRetry: (attempt: number, why: string) => void; done: (reason: string) => void };

/** One line of the protocol, in the envelope Droid requires (every field, the exact API version). */
function send(group: DroidGroup, message: Record<string, unknown>): void {
  group.child.stdin?.write(`${JSON.stringify({ jsonrpc: '2.0', factoryApiVersion: API_VERSION, ...message })}\n`);
}

export class DroidSession {
  /** The custom model ids Droid listed when the session opened. */
  readonly customIds: string[] = [];
  private readonly group: DroidGroup;
  private readonly pending = new Map<string, Pending>();
  private readonly watch: { turn: TurnWatch | null } = { turn: null };
  private model: string | null = null;
  private closed = false;

  private constructor(group: DroidGroup) {
    this.group = group;
  }

  /** Starts the process and opens its session; SessionUnavailable when Droid does not answer as measured. */
  static async open(spec: SessionSpec, firstModel: string, timeoutMs = 15_000): Promise<DroidSession> {
    const args = ['exec', '--input-format', 'stream-jsonrpc', '--output-format', 'stream-jsonrpc', ...(spec.settingsFile ? ['--settings', spec.settingsFile] : [])];
    const group = spawnDroidGroup(spec.droidPath, args, spec.env, spec.cwd, 'pipe');
    const session = new DroidSession(group);
    const { pending, watch } = session;
    void group.exited.then((exit) => {
      for (const p of pending.values()) p.reject(new SessionUnavailable(`the droid process ended (exit ${exit.exitCode ?? exit.signal}): ${exit.output.trim().split('\n').at(-1)?.slice(0, 200) ?? ''}`));
      pending.clear();
      watch.turn?.done('process-exit');
    });
    group.child.stdin?.on('error', () => undefined);
    if (group.child.stdout) {
      const lines = createInterface({ input: group.child.stdout, crlfDelay: Infinity });
      lines.on('line', (line) => session.receive(line));
    }
    const timer = setTimeout(() => group.kill(), timeoutMs);
    try {
      // A title spares the model call Droid makes to name a session; one tool (not none) keeps a tool in each
      // request, as Droid sends, and spares the connector-catalog check that stalls every few turns offline (+2 s, measured).
      const init = { machineId: spec.machineId, cwd: spec.cwd, modelId: firstModel, title: 'RouteLights sentinel', autonomyLevel: 'off', restrictToolIds: ['Read'] };
      const result = initResultSchema.safeParse(await session.request('droid.initialize_session', init));
      if (!result.success) throw new SessionUnavailable('its answer to droid.initialize_session has no sessionId');
      session.customIds.push(...(result.data.availableModels ?? []).filter((m) => m.isCustom).map((m) => m.id));
      session.model = firstModel;
      return session;
    } catch (error) {
      group.kill();
      throw error instanceof SessionUnavailable ? error : new SessionUnavailable((error as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }

  private receive(line: string): void {
    const { group, pending, watch } = this;
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch {
      return group.keep(`${line}\n`);
    }
    const response = responseSchema.safeParse(doc);
    if (response.success && response.data.id) {
      const waiting = pending.get(response.data.id);
      if (!waiting) return;
      pending.delete(response.data.id);
      if (response.data.error) waiting.reject(new RpcError(response.data.error.code, response.data.error.message));
      else waiting.resolve(response.data.result);
      return;
    }
    const request = serverRequestSchema.safeParse(doc);
    if (request.success) {
      // A sentinel asks for nothing: Droid's questions and permission requests are declined.
      send(group, { type: 'response', id: request.data.id, error: { code: -32601, message: 'RouteLights sentinels answer no requests.' } });
      return;
    }
    const note = notificationSchema.safeParse(doc);
    const turn = watch.turn;
    if (!note.success || !turn) return;
    const n = note.data.params.notification as Record<string, unknown>;
    if (n.type === 'error' && typeof n.message === 'string') turn.errors.push(n.message);
    if (n.type === 'llm_retry') turn.onRetry(Number(n.attempt) || 0, String(n.reason ?? 'unknown'));
    if (n.type === 'create_message') {
      const message = assistantMessageSchema.safeParse(n);
      if (message.success && message.data.message.role === 'assistant') turn.text += message.data.message.content.map((c) => c.text ?? '').join('');
    }
    if (n.type === 'agent_turn_completed') {
      const done = completedSchema.safeParse(n);
      if (done.success && (!done.data.turnId || done.data.turnId === turn.turnId)) turn.done(done.data.reason);
    }
  }

  private request(method: string, params: Record<string, unknown>): Promise<unknown> {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new SessionUnavailable('the session is closed'));
      this.pending.set(id, { resolve, reject });
      send(this.group, { type: 'request', id, method, params });
    });
  }

  /** One turn on `modelId`: the prompt, and what came back, until the turn completes or `stop` resolves with RouteLights' own reason. */
  async turn(modelId: string, prompt: string, options: { stop: Promise<string>; onRetry?: (attempt: number, why: string) => void }): Promise<TurnOutcome> {
    if (this.model !== modelId) {
      await this.request('droid.update_session_settings', { modelId });
      this.model = modelId;
    }
    const t0 = performance.now();
    const turnId = randomUUID();
    let completed: string | null = null;
    const finished = new Promise<string>((done) => {
      this.watch.turn = { turnId, text: '', errors: [], onRetry: options.onRetry ?? (() => undefined), done: (reason) => done((completed = reason)) };
    });
    const watch = this.watch.turn!;
    try {
      await this.request('droid.add_user_message', { text: prompt, messageId: turnId });
      const reason = await Promise.race([finished, options.stop]);
      if (completed === null) {
        // RouteLights ended it (deadline, cancel, a locked door): Droid's turn is interrupted so that the next one can start.
        await this.request('droid.interrupt_session', {}).catch(() => undefined);
        await Promise.race([finished, new Promise((r) => setTimeout(r, 2_000))]);
      }
      return { reason, text: watch.text, errors: watch.errors, ms: Math.round(performance.now() - t0) };
    } finally {
      this.watch.turn = null;
    }
  }

  /** Ends the session and its process: close_session, then the group is killed if it lingers (Droid flushes for seconds offline). */
  async close(graceMs = 1_000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const timer = setTimeout(() => this.group.kill(), graceMs);
    // Not awaited: Droid answers, then exits after its flush; the process's end is what is waited for.
    send(this.group, { type: 'request', id: randomUUID(), method: 'droid.close_session', params: {} });
    this.group.child.stdin?.end();
    await this.group.exited;
    clearTimeout(timer);
  }
}

class RpcError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(`${message} (${code})`);
    this.code = code;
  }
}
