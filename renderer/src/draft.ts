// The editor's draft of a route and what saving it means: the entry it becomes, the change sent to the
// API (only the fields that changed; unknown fields never touched), and a line diff for review.
import { referenceTo } from '../../app/model/key-name.ts';
import { describeKey, entryFields } from '../../app/model/route.ts';
import { withoutUrlSecrets } from '../../app/model/secret-fields.ts';
import { withoutHidden } from '../../app/model/shown-route.ts';
import type { RequestChange, RouteRecord } from './types.ts';

export interface Draft {
  id: string;
  model: string;
  displayName: string;
  provider: string;
  baseUrl: string;
  /** The name of a `${VAR}` reference; the window never holds a key value. */
  keyRef: string;
  maxOutputTokens: string;
  noImageSupport: boolean;
}

export function emptyDraft(): Draft {
  return { id: 'custom:', model: '', displayName: '', provider: 'generic-chat-completion-api', baseUrl: '', keyRef: '', maxOutputTokens: '', noImageSupport: false };
}

export function draftFromRoute(route: RouteRecord, duplicate: boolean): Draft {
  const s = route.settings;
  return {
    id: duplicate ? `${route.id}-copy` : route.id,
    model: s.model ?? '',
    displayName: duplicate && s.displayName ? `${s.displayName} (copy)` : (s.displayName ?? ''),
    provider: s.provider ?? '',
    baseUrl: duplicate ? withoutUrlSecrets(s.baseUrl ?? '') : (s.baseUrl ?? ''),
    keyRef: s.key.kind === 'reference' ? s.key.name : '',
    maxOutputTokens: s.maxOutputTokens === null ? '' : String(s.maxOutputTokens),
    noImageSupport: s.noImageSupport ?? false,
  };
}

/** The draft as a customModels entry (known fields only; a plain-text key of the original stays on disk, unseen). */
export function entryFromDraft(draft: Draft, original: RouteRecord | null): Record<string, unknown> {
  return entryFields({
    model: draft.model,
    id: draft.id,
    index: original?.settings.index,
    baseUrl: draft.baseUrl,
    apiKey: draft.keyRef ? referenceTo(draft.keyRef) : undefined,
    displayName: draft.displayName || undefined,
    maxOutputTokens: draft.maxOutputTokens.trim() !== '' ? Number(draft.maxOutputTokens) : undefined,
    noImageSupport: draft.noImageSupport || undefined,
    provider: draft.provider,
  });
}

export function changeFor(editor: { mode: 'add' | 'edit' | 'duplicate'; originalId: string | null; original: RouteRecord | null; draft: Draft }): RequestChange {
  if (editor.mode !== 'edit' || !editor.originalId || !editor.original) {
    const file = editor.original ? { file: editor.original.source.path } : {};
    return { kind: 'add', entry: { ...(editor.mode === 'duplicate' && editor.original ? withoutHidden(editor.original.settings.extra) : {}), ...entryFromDraft(editor.draft, null) }, ...file };
  }
  const before = draftFromRoute(editor.original, false);
  const after = editor.draft;
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  const text = (field: 'id' | 'model' | 'displayName' | 'provider' | 'baseUrl') => {
    if (after[field] === before[field]) return;
    if (after[field] === '' && field === 'displayName') unset.push(field);
    else set[field] = after[field];
  };
  (['id', 'model', 'displayName', 'provider', 'baseUrl'] as const).forEach(text);
  if (after.keyRef !== before.keyRef) {
    if (after.keyRef) set.apiKey = referenceTo(after.keyRef);
    else if (editor.original.settings.key.kind !== 'plain') unset.push('apiKey');
  }
  if (after.maxOutputTokens !== before.maxOutputTokens) {
    if (after.maxOutputTokens.trim() === '') unset.push('maxOutputTokens');
    else set.maxOutputTokens = Number(after.maxOutputTokens);
  }
  if (after.noImageSupport !== before.noImageSupport) set.noImageSupport = after.noImageSupport;
  return { kind: 'update', id: editor.originalId, set, unset, file: editor.original.source.path };
}

/** The entry as it stands on disk (known fields, key shown as written) and as the draft would make it. */
export function reviewTexts(original: RouteRecord | null, draft: Draft): { before: string; after: string } {
  const known = ({ id, settings: s }: RouteRecord) => entryFields({ ...s, id, apiKey: describeKey(s.key) }, s.extra);
  const after = { ...entryFromDraft(draft, original), ...(original ? original.settings.extra : {}) };
  if (original && !draft.keyRef && original.settings.key.kind === 'plain') after.apiKey = describeKey(original.settings.key);
  return { before: original ? JSON.stringify(known(original), null, 2) : '', after: JSON.stringify(after, null, 2) };
}

/** True when saving the draft would change the file. */
export function draftChanges(editor: Parameters<typeof changeFor>[0]): boolean {
  const change = changeFor(editor);
  return change.kind !== 'update' || Object.keys(change.set).length > 0 || (change.unset?.length ?? 0) > 0;
}

/**
 * Why Save cannot run now, in the words the footer shows beside it; null when it can. Review comes
 * first once: after that the diff stays open and follows every keystroke, so typing never takes Save away.
 */
export function saveBlock(editor: Parameters<typeof changeFor>[0] & { lint: Array<{ severity: string }>; reviewing: boolean; saving: boolean; revision: string | null }): string | null {
  if (editor.saving) return 'Saving…';
  if (!editor.revision) return 'Wait until the routes are read.';
  const errors = editor.lint.filter((f) => f.severity === 'error').length;
  if (errors) return `Fix ${errors} error${errors === 1 ? '' : 's'} first.`;
  if (!draftChanges(editor)) return 'Nothing changed yet.';
  if (!editor.reviewing) return 'Review the changes first.';
  return null;
}
