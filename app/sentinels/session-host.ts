// Droid session processes kept between sentinel runs: started on demand, handed back after a run, and
// ended after an idle period (at once with idleMs 0, as a one-shot command wants). A session is reused
// only for the same droid, folder, settings file, files' revision and environment; its conversation
// grows with every turn, so it retires after MAX_TURNS. No process outlives RouteLights (the exit hook
// of droid-process.ts).
import { createHash } from 'node:crypto';
import { DroidSession, type SessionSpec } from './droid-session.ts';
import { makeDroidFolder, removeScratch } from './scratch.ts';

const MAX_TURNS = 40;

/** A spec without a folder gets a scratch folder of its own, removed with the session; a one-shot one (a draft's) is never kept. */
export type HostSpec = Omit<SessionSpec, 'cwd'> & { cwd: string | null; oneShot?: boolean; revision?: string | null };

export interface HostedSession {
  session: DroidSession;
  turns: number;
  /** The scratch folder the session runs in, removed with it (null: it runs in a project's folder). */
  scratch: string | null;
}

interface Idle {
  hosted: HostedSession;
  timer: NodeJS.Timeout;
}

export class SessionHost {
  private readonly idleMs: number;
  private readonly idle = new Map<string, Idle[]>();

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
      return waiting.hosted;
    }
    const scratch = spec.cwd ? null : await makeDroidFolder();
    try {
      return { session: await DroidSession.open({ ...spec, cwd: spec.cwd ?? scratch! }, firstModel), turns: 0, scratch };
    } catch (error) {
      if (scratch) await removeScratch(scratch);
      throw error;
    }
  }

  /** Hands a session back: kept for the idle period, or ended now (idleMs 0, a broken or a long session). */
  async release(spec: HostSpec, hosted: HostedSession, healthy: boolean): Promise<void> {
    if (!healthy || spec.oneShot || this.idleMs === 0 || hosted.turns >= MAX_TURNS) return this.end(hosted);
    const key = SessionHost.key(spec);
    const entry: Idle = { hosted, timer: setTimeout(() => void this.expire(key, entry), this.idleMs) };
    entry.timer.unref();
    this.idle.set(key, [...(this.idle.get(key) ?? []), entry]);
  }

  /** Ends every idle session (RouteLights stops). */
  async stop(): Promise<void> {
    const all = [...this.idle.values()].flat();
    this.idle.clear();
    await Promise.all(all.map((e) => (clearTimeout(e.timer), this.end(e.hosted))));
  }

  private async expire(key: string, entry: Idle): Promise<void> {
    const left = (this.idle.get(key) ?? []).filter((e) => e !== entry);
    if (left.length) this.idle.set(key, left);
    else this.idle.delete(key);
    await this.end(entry.hosted);
  }

  private async end(hosted: HostedSession): Promise<void> {
    await hosted.session.close();
    if (hosted.scratch) await removeScratch(hosted.scratch);
  }
}
