// Droid session processes kept between sentinel runs: started on demand, handed back after a run, and
// ended after an idle period (at once with idleMs 0, as a one-shot command wants). A session is reused
// only for the same droid, folder, settings file, files' revision and environment; its conversation
// grows with every turn, so it retires after MAX_TURNS. No process outlives RouteLights (the exit hook
// of droid-process.ts).
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DroidSession, type SessionSpec } from './droid-session.ts';

const MAX_TURNS = 40;

/** A spec without a folder gets a scratch folder of its own, removed with the session; a one-shot one (a draft's) is never kept. */
export type HostSpec = Omit<SessionSpec, 'cwd'> & { cwd: string | null; oneShot?: boolean; revision?: string | null };

export interface HostedSession {
  session: DroidSession;
  turns: number;
}

interface Idle {
  hosted: HostedSession;
  timer: NodeJS.Timeout;
  scratch: string | null;
}

export class SessionHost {
  private readonly idleMs: number;
  private readonly idle = new Map<string, Idle[]>();
  private readonly scratch = new WeakMap<HostedSession, string | null>();

  constructor(idleMs: number) {
    this.idleMs = idleMs;
  }

  static key(spec: HostSpec): string {
    const env = Object.entries(spec.env).sort(([a], [b]) => a.localeCompare(b));
    return createHash('sha256').update(JSON.stringify([spec.droidPath, spec.cwd, spec.settingsFile ?? null, spec.revision ?? null, env])).digest('hex');
  }

  /** An idle session for this spec, else a new one (SessionUnavailable when Droid has no session protocol). */
  async acquire(spec: HostSpec, firstModel: string): Promise<HostedSession> {
    const waiting = this.idle.get(SessionHost.key(spec))?.pop();
    if (waiting) {
      clearTimeout(waiting.timer);
      this.scratch.set(waiting.hosted, waiting.scratch);
      return waiting.hosted;
    }
    const scratch = spec.cwd ? null : await mkdtemp(join(tmpdir(), 'routelights-sentinel-'));
    try {
      const session = await DroidSession.open({ ...spec, cwd: spec.cwd ?? scratch! }, firstModel);
      const hosted = { session, turns: 0 };
      this.scratch.set(hosted, scratch);
      return hosted;
    } catch (error) {
      if (scratch) await rm(scratch, { recursive: true, force: true });
      throw error;
    }
  }

  /** Hands a session back: kept for the idle period, or ended now (idleMs 0, a broken or a long session). */
  async release(spec: HostSpec, hosted: HostedSession, healthy: boolean): Promise<void> {
    const scratch = this.scratch.get(hosted) ?? null;
    if (!healthy || spec.oneShot || this.idleMs === 0 || hosted.turns >= MAX_TURNS) return this.end(hosted, scratch);
    const key = SessionHost.key(spec);
    const entry: Idle = { hosted, scratch, timer: setTimeout(() => void this.expire(key, entry), this.idleMs) };
    entry.timer.unref();
    this.idle.set(key, [...(this.idle.get(key) ?? []), entry]);
  }

  /** Ends every idle session (RouteLights stops). */
  async stop(): Promise<void> {
    const all = [...this.idle.values()].flat();
    this.idle.clear();
    await Promise.all(all.map((e) => (clearTimeout(e.timer), this.end(e.hosted, e.scratch))));
  }

  private async expire(key: string, entry: Idle): Promise<void> {
    const left = (this.idle.get(key) ?? []).filter((e) => e !== entry);
    if (left.length) this.idle.set(key, left);
    else this.idle.delete(key);
    await this.end(entry.hosted, entry.scratch);
  }

  private async end(hosted: HostedSession, scratch: string | null): Promise<void> {
    await hosted.session.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
