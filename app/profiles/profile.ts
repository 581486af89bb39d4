// Exporting the portable route map (its format: profile-schema.ts).
import { keyKind, type Route } from '../model/route.ts';
import { withoutUrlSecrets } from '../model/secret-fields.ts';
import { routeSettings } from '../model/shown-route.ts';
import type { Profile } from './profile-schema.ts';

export function exportProfile(routes: readonly Route[], machine: string, now = new Date()): Profile {
  return {
    format: 'routelights-profile',
    version: 1,
    machine,
    exportedAt: now.toISOString(),
    routes: routes.map((r) => {
      const key = keyKind(r.apiKey);
      return {
        id: r.id,
        ...routeSettings(r),
        // Credentials in a URL stay on this machine (Droid drops a URL's user part anyway).
        baseUrl: r.baseUrl === undefined ? null : withoutUrlSecrets(r.baseUrl),
        keyName: key.kind === 'reference' ? key.name : null,
        plainTextKey: key.kind === 'plain',
      };
    }),
  };
}
