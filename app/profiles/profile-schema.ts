// The portable route map's format: what two machines share (ids, models, display names, providers,
// base URLs, key names), never a key value and never a field RouteLights does not know (it could hold
// a token). A zod schema: an imported file is checked against it.
import { z } from 'zod';

export const profileRouteSchema = z.object({
  id: z.string().min(1),
  model: z.string().nullable(),
  displayName: z.string().nullable(),
  provider: z.string().nullable(),
  baseUrl: z.string().nullable(),
  index: z.number().int().nullable(),
  maxOutputTokens: z.number().int().nullable(),
  noImageSupport: z.boolean().nullable(),
  /** The `${NAME}` the route reads its key from; null when it has none or keeps it in plain text. */
  keyName: z.string().nullable(),
  /** True when the source machine keeps this route's key in plain text (it is not exported). */
  plainTextKey: z.boolean(),
});
export type ProfileRoute = z.infer<typeof profileRouteSchema>;

export const profileSchema = z.object({
  format: z.literal('routelights-profile'),
  version: z.literal(1),
  machine: z.string(),
  exportedAt: z.string(),
  routes: z.array(profileRouteSchema),
});
export type Profile = z.infer<typeof profileSchema>;
