// A sentinel verdict as every transport and the history carry it.
import { z } from 'zod';
import { colorSchema } from './light.ts';

export const sentinelResultSchema = z.object({
  routeId: z.string(),
  token: z.string(),
  verdict: z.enum(['pass', 'fail', 'skipped']),
  light: colorSchema,
  layer: z.string(),
  reason: z.string(),
  remedy: z.string(),
  reply: z.string().nullable(),
  verdictMs: z.number().nullable(),
  droidExitCode: z.number().nullable(),
  exitMs: z.number().nullable(),
  startedAt: z.string(),
  finishedAt: z.string(),
});
