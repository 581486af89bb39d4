// A sentinel verdict as every transport and the history carry it.
import { z } from 'zod';
import { colorSchema } from './snapshot.ts';

export const SENTINEL_LAYERS = ['route', 'surface', 'sentinel', 'droid-account'] as const;

export const sentinelResultSchema = z.object({
  routeId: z.string(),
  /** The route record the verdict is about (file and id); a draft's key names the draft. */
  routeKey: z.string(),
  token: z.string(),
  verdict: z.enum(['pass', 'fail', 'skipped']),
  light: colorSchema,
  layer: z.enum(SENTINEL_LAYERS),
  reason: z.string(),
  remedy: z.string(),
  /** What came back, shortened (never a key: Droid's reply to "Reply exactly: <token>"). */
  reply: z.string().nullable(),
  /** From the start of droid exec to the verdict. */
  verdictMs: z.number().nullable(),
  /** Null while Droid runs, or when it was killed. */
  droidExitCode: z.number().nullable(),
  /** From the start to Droid's exit (or its kill). */
  exitMs: z.number().nullable(),
  startedAt: z.string(),
  finishedAt: z.string(),
});
export type SentinelResult = z.infer<typeof sentinelResultSchema>;
