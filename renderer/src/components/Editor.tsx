// The route editor, in the order a route is made: a preset (or provider and base URL), the model from
// the surface's own list, the key from the Keychain's names, the display name, then the id Droid is
// told (suggested as custom:<Name>-<index>). Lint findings beside each field as you type; unknown
// fields read-only; a fixed footer with Test, Review/Save and Cancel (Return saves when allowed, Esc
// cancels) that says why Save waits; a conflict offers reload (the draft rebased on the file) or review.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { reviewTexts, saveBlock } from '../draft.ts';
import { diffLines } from '../../../app/model/line-diff.ts';
import { useApp } from '../hooks.ts';
import { suggestId, type Finding } from '../store.ts';
import { verdictWords } from './Inspector.tsx';

const PRESETS: Array<{ label: string; baseUrl: string; provider: string }> = [
  { label: 'VibeProxy, OpenAI-style (/v1)', baseUrl: 'http://localhost:8317/v1', provider: 'generic-chat-completion-api' },
  { label: 'VibeProxy, Anthropic-style (no /v1)', baseUrl: 'http://localhost:8317', provider: 'anthropic' },
  { label: 'Z.AI coding endpoint (GLM Coding Plan)', baseUrl: 'https://api.z.ai/api/coding/paas/v4', provider: 'generic-chat-completion-api' },
  { label: 'LiteLLM on this machine', baseUrl: 'http://127.0.0.1:4000/v1', provider: 'generic-chat-completion-api' },
  { label: 'LiteLLM on another host', baseUrl: 'http://<private-litellm-host>:4000/v1', provider: 'generic-chat-completion-api' },
];
const PROVIDERS = [
  ['generic-chat-completion-api', 'generic-chat-completion-api (OpenAI Chat Completions)'],
  ['anthropic', 'anthropic (Messages API)'],
  ['openai', 'openai (Responses API)'],
] as const;
const TYPED = '\u0000typed';

function FieldFindings({ findings, field }: { findings: Finding[]; field: string }) {
  const mine = findings.filter((f) => f.field === field);
  if (mine.length === 0) return null;
  return (
    <ul className="findings">
      {mine.map((f) => (
        <li key={f.rule} className={`finding ${f.severity}`} data-rule={f.rule}>
          <strong>{f.severity}</strong> {f.message} <em>{f.remedy}</em>
        </li>
      ))}
    </ul>
  );
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function Editor() {
  const editor = useApp((s) => s.editor)!;
  const conflict = useApp((s) => s.conflict);
  const outsideChange = useApp((s) => s.outsideChange);
  const snapshot = useApp((s) => s.snapshot);
  const keys = useApp((s) => s.keys);
  const a = useApp((s) => s);
  const ids = useId();
  const first = useRef<HTMLSelectElement>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  const { draft, lint, test } = editor;
  const names = keys.map((k) => k.name);
  const [typing, setTyping] = useState(() => draft.keyRef !== '' && !names.includes(draft.keyRef));

  // Opening the editor puts the focus in it (never on <body>).
  useEffect(() => {
    first.current?.focus();
  }, []);
  // A conflict is said where the eye is: the footer's alert takes the focus.
  useEffect(() => {
    if (conflict) conflictRef.current?.querySelector('button')?.focus();
  }, [conflict]);

  const field = (name: 'baseUrl' | 'displayName' | 'id' | 'maxOutputTokens', label: string, help: string, type = 'text', extra?: ReactNode) => (
    <div className="field">
      <label htmlFor={`${ids}-${name}`}>{label}</label>
      <input id={`${ids}-${name}`} type={type} value={String(draft[name])} aria-describedby={`${ids}-${name}-help`} onChange={(e) => a.editDraft({ [name]: e.target.value })} spellCheck={false} autoComplete="off" />
      <small id={`${ids}-${name}-help`}>
        {help} {extra}
      </small>
      <FieldFindings findings={lint} field={name} />
    </div>
  );
  const { before, after } = reviewTexts(editor.original, draft);
  const title = editor.mode === 'edit' ? `Edit ${editor.originalId}` : editor.mode === 'duplicate' ? 'Duplicate route' : 'Add route';
  const general = lint.filter((f) => !f.field);
  const block = saveBlock(editor);
  const reviewBlock = block === 'Review the changes first.' ? null : block && !editor.reviewing ? block : null;
  const origin = originOf(draft.baseUrl);
  const models = origin ? (snapshot?.surfaces.find((x) => x.origin === origin)?.models ?? []) : [];
  const suggested = suggestId(draft, (snapshot?.routes ?? []).filter((r) => r.id !== editor.originalId));
  const testedNow = test.result;

  // Return does the footer's next step (Review, then Save) when it is allowed; never inside a list or a button.
  const onKey = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement;
    if (e.key !== 'Enter' || e.shiftKey || e.altKey || t.tagName !== 'INPUT' || (t as HTMLInputElement).type === 'checkbox') return;
    e.preventDefault();
    if (!editor.reviewing && !reviewBlock) a.review();
    else if (!block) void a.save();
  };

  return (
    <section aria-labelledby={`${ids}-title`} className="editor" onKeyDown={onKey}>
      <div className="editor-body">
        <h2 id={`${ids}-title`}>{title}</h2>
        {outsideChange ? <p role="status" className="notice info">The file changed on disk while you edit; saving will ask you to reload (your changes are kept) or review.</p> : null}
        <div className="presets" role="group" aria-label="Presets">
          {PRESETS.map((p) => {
            const on = draft.baseUrl === p.baseUrl && draft.provider === p.provider;
            return (
              <button key={p.label} aria-pressed={on} className={on ? 'preset on' : 'preset'} onClick={() => a.editDraft({ baseUrl: p.baseUrl, provider: p.provider })}>
                {on ? '✓ ' : ''}
                {p.label}
              </button>
            );
          })}
        </div>
        <div className="grid">
          <div className="field">
            <label htmlFor={`${ids}-provider`}>Provider — the API shape Droid speaks</label>
            <select ref={first} id={`${ids}-provider`} value={draft.provider} onChange={(e) => a.editDraft({ provider: e.target.value })}>
              {PROVIDERS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
              {PROVIDERS.some(([v]) => v === draft.provider) ? null : <option value={draft.provider}>{draft.provider || '(none)'}</option>}
            </select>
            <FieldFindings findings={lint} field="provider" />
          </div>
          {field('baseUrl', 'Base URL', 'OpenAI-style VibeProxy routes end in /v1; Anthropic-style ones do not.')}
          <div className="field">
            <label htmlFor={`${ids}-model`}>Model — what goes on the wire</label>
            <input id={`${ids}-model`} list={`${ids}-models`} value={draft.model} aria-describedby={`${ids}-model-help`} onChange={(e) => a.editDraft({ model: e.target.value })} spellCheck={false} autoComplete="off" />
            <datalist id={`${ids}-models`}>
              {models.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
            <small id={`${ids}-model-help`}>{models.length ? `The surface lists ${models.length} model(s): pick one or type an alias.` : 'The name the surface lists in its /v1/models (e.g. kimi-k2.5, glm-5.1, a LiteLLM alias).'}</small>
            <FieldFindings findings={lint} field="model" />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-key`}>Key — a Keychain key (written as ${'{NAME}'})</label>
            <select
              id={`${ids}-key`}
              value={typing ? TYPED : draft.keyRef}
              aria-describedby={`${ids}-key-help`}
              onChange={(e) => {
                if (e.target.value === TYPED) return setTyping(true);
                setTyping(false);
                a.editDraft({ keyRef: e.target.value });
              }}
            >
              <option value="">{editor.original?.settings.key.kind === 'plain' ? 'Keep the plain-text key in the file' : 'No key'}</option>
              {keys.map((k) => (
                <option key={k.name} value={k.name}>
                  {k.name}
                  {k.inKeychain === false && !k.inEnvironment ? ' (not set)' : ''}
                </option>
              ))}
              <option value={TYPED}>Another name (type it)…</option>
            </select>
            {typing ? <input aria-label="Key name" value={draft.keyRef} onChange={(e) => a.editDraft({ keyRef: e.target.value.replace(/^\$\{(.*)\}$/, '$1') })} placeholder="MY_KEY_NAME" spellCheck={false} autoComplete="off" /> : null}
            <small id={`${ids}-key-help`}>
              {editor.original?.settings.key.kind === 'plain' ? 'This route keeps its key in plain text; move it in the Keys view, or choose a Keychain key here.' : 'Set values in the Keys view; the window never shows a key.'}{' '}
              <button className="link" onClick={() => a.setView('keys')}>
                Open Keys
              </button>
            </small>
            <FieldFindings findings={lint} field="apiKey" />
          </div>
          {field('displayName', 'Display name', 'Shown in Droid’s model picker.')}
          {field(
            'id',
            'Id — what Droid is told to use (droid exec -m …)',
            'Keep it stable across machines. Form: custom:<Name>-<index>.',
            'text',
            draft.id !== suggested ? (
              <button className="link" onClick={() => a.editDraft({ id: suggested })} title="Use the id made from the display name">
                Use {suggested}
              </button>
            ) : null,
          )}
          {field('maxOutputTokens', 'Max output tokens', 'Optional.', 'number')}
          <div className="field checkbox">
            <label>
              <input type="checkbox" checked={draft.noImageSupport} onChange={(e) => a.editDraft({ noImageSupport: e.target.checked })} /> No image support
            </label>
          </div>
        </div>
        {general.length ? <FieldFindings findings={general.map((f) => ({ ...f, field: '_' }))} field="_" /> : null}
        {editor.original && Object.keys(editor.original.settings.extra).length > 0 ? (
          <div className="extra">
            <h3>Other fields (kept as they are)</h3>
            <pre aria-label="Fields RouteLights keeps but does not edit">{JSON.stringify(editor.original.settings.extra, null, 2)}</pre>
          </div>
        ) : null}
        {editor.outside.length ? (
          <div className="outside" data-outside="">
            <h3>Changed on disk since you opened it</h3>
            <pre>
              {editor.outside.map((o) => (
                <div key={o.field} data-outside-field={o.field}>
                  <div className="diff-remove">- {o.field}: {JSON.stringify(o.from)}</div>
                  <div className="diff-add">+ {o.field}: {JSON.stringify(o.to)}</div>
                  {o.mine ? <div className="muted">  (you changed it too: your value is kept)</div> : <div className="muted">  (kept: your draft now has it)</div>}
                </div>
              ))}
            </pre>
          </div>
        ) : null}
        {editor.reviewing ? (
          <div className="diff" aria-label="What will change">
            <h3>What will change in {editor.original ? editor.original.source.path : 'settings.json'}</h3>
            <pre>
              {diffLines(before, after).map((line, i) => (
                <div key={i} className={`diff-${line.kind}`}>
                  {line.kind === 'add' ? '+ ' : line.kind === 'remove' ? '- ' : '  '}
                  {line.text}
                </div>
              ))}
            </pre>
          </div>
        ) : null}
      </div>
      <footer className="editor-footer">
        {conflict ? (
          <div role="alert" className="notice error" ref={conflictRef}>
            {conflict.reason} {conflict.remedy}
            <button onClick={() => void a.reloadAfterConflict()}>Reload (keep my draft)</button>
            <button onClick={() => a.review()}>Review</button>
          </div>
        ) : null}
        <div className="test-result" data-test-state={test.running && !test.result ? 'running' : test.result ? test.result.verdict : test.error ? 'error' : 'untested'}>
          {testedNow ? (
            <p className={`verdict ${testedNow.verdict}`} data-verdict={testedNow.verdict} title={`${testedNow.reason}\n${testedNow.remedy}`}>
              <strong>Test: {verdictWords(testedNow)}</strong> — {testedNow.reason} {testedNow.verdict !== 'pass' ? <em>{testedNow.remedy}</em> : null}
            </p>
          ) : test.error ? (
            <p className="verdict fail">{test.error}</p>
          ) : null}
        </div>
        <div className="footer-buttons">
          <button onClick={() => void a.testDraft()} disabled={test.running} aria-busy={test.running && !test.result} title="Prove this draft through the real Droid, without saving">
            {test.running && !test.result ? 'Testing…' : 'Test'}
          </button>
          <span className="spacer" />
          <span className="save-why muted" id={`${ids}-why`} aria-live="polite">
            {editor.reviewing ? (block ?? '') : (reviewBlock ?? '')}
          </span>
          <button onClick={() => a.closeEditor()} title="Close without saving (Esc)">
            Cancel
          </button>
          {editor.reviewing ? null : (
            <button onClick={() => a.review()} disabled={!!reviewBlock} title={reviewBlock ?? 'Show the diff of the file (Return)'}>
              Review changes
            </button>
          )}
          <button className="primary" onClick={() => void a.save()} disabled={!!block} aria-describedby={`${ids}-why`} aria-busy={editor.saving} title={block ?? 'Write the change (Return, ⌘S); a backup is kept'}>
            {editor.saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </footer>
    </section>
  );
}
