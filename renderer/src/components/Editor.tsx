// The route editor: id and model as separate, explained fields; provider and base URL presets that
// encode the field guide; lint findings beside each field as you type; unknown fields read-only;
// "Test" proves the draft without saving; "Review" shows the diff; a conflict offers reload or review.
import { useId } from 'react';
import { diffLines, reviewTexts } from '../draft.ts';
import { useApp } from '../hooks.ts';
import type { Finding } from '../store.ts';

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

function FieldFindings({ findings, field }: { findings: Finding[]; field: string }) {
  const mine = findings.filter((f) => f.field === field);
  if (mine.length === 0) return null;
  return (
    <ul className="findings" aria-live="polite">
      {mine.map((f) => (
        <li key={f.rule} className={`finding ${f.severity}`} data-rule={f.rule}>
          <strong>{f.severity}</strong> {f.message} <em>{f.remedy}</em>
        </li>
      ))}
    </ul>
  );
}

export function Editor() {
  const editor = useApp((s) => s.editor)!;
  const conflict = useApp((s) => s.conflict);
  const outsideChange = useApp((s) => s.outsideChange);
  const a = useApp((s) => s);
  const ids = useId();
  const { draft, lint, test } = editor;
  const field = (name: keyof typeof draft, label: string, help: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`${ids}-${name}`}>{label}</label>
      <input
        id={`${ids}-${name}`}
        type={type}
        value={String(draft[name])}
        aria-describedby={`${ids}-${name}-help`}
        onChange={(e) => a.editDraft({ [name]: e.target.value })}
        spellCheck={false}
        autoComplete="off"
      />
      <small id={`${ids}-${name}-help`}>{help}</small>
      <FieldFindings findings={lint} field={name === 'keyRef' ? 'apiKey' : name} />
    </div>
  );
  const { before, after } = reviewTexts(editor.original, draft);
  const title = editor.mode === 'edit' ? `Edit ${editor.originalId}` : editor.mode === 'duplicate' ? 'Duplicate route' : 'Add route';
  const general = lint.filter((f) => !f.field);

  return (
    <section aria-labelledby={`${ids}-title`} className="editor">
      <h2 id={`${ids}-title`}>{title}</h2>
      {outsideChange ? <p role="status" className="notice info">settings.json changed on disk while you edit; saving will ask you to reload or review.</p> : null}
      <div className="presets" role="group" aria-label="Presets">
        {PRESETS.map((p) => (
          <button key={p.label} onClick={() => a.editDraft({ baseUrl: p.baseUrl, provider: p.provider })}>
            {p.label}
          </button>
        ))}
      </div>
      <div className="grid">
        {field('id', 'Id — what Droid is told to use (droid exec -m …)', "The contract: keep it stable across machines. Form: custom:<Name>-<index>.")}
        {field('model', 'Model — what goes on the wire', 'The name the surface lists in its /v1/models (e.g. kimi-k2.5, glm-5.1, an LiteLLM alias).')}
        {field('displayName', 'Display name', 'Shown in Droid’s model picker.')}
        <div className="field">
          <label htmlFor={`${ids}-provider`}>Provider — the API shape Droid speaks</label>
          <select id={`${ids}-provider`} value={draft.provider} onChange={(e) => a.editDraft({ provider: e.target.value })}>
            {PROVIDERS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <FieldFindings findings={lint} field="provider" />
        </div>
        {field('baseUrl', 'Base URL', 'OpenAI-style VibeProxy routes end in /v1; Anthropic-style ones do not.')}
        {field('keyRef', 'Key — the name of a Keychain key (${NAME})', editor.original?.settings.key.kind === 'plain' ? 'This route keeps its key in plain text; move it in the Keys view, or name a Keychain key here.' : 'Set the value in the Keys view; the window never shows a key.')}
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
      <div className="toolbar">
        <button onClick={() => void a.testDraft()} disabled={test.running}>
          {test.running ? 'Testing…' : 'Test'}
        </button>
        <button onClick={() => a.review()}>Review changes</button>
        <button className="primary" onClick={() => void a.save()} disabled={!editor.reviewing}>
          Save
        </button>
        <button onClick={() => a.closeEditor()}>Cancel</button>
      </div>
      <div aria-live="polite" className="test-result">
        {test.result ? (
          <p className={`verdict ${test.result.verdict}`} data-verdict={test.result.verdict}>
            <strong>{test.result.verdict === 'pass' ? 'Pass' : test.result.verdict === 'fail' ? 'Fail' : 'Not sent'}</strong> — {test.result.reason} {test.result.verdict !== 'pass' ? <em>{test.result.remedy}</em> : null}
          </p>
        ) : null}
        {test.error ? <p className="verdict fail">{test.error}</p> : null}
      </div>
      {conflict ? (
        <div role="alert" className="notice error">
          {conflict.reason} {conflict.remedy}
          <button onClick={() => void a.reloadAfterConflict()}>Reload (keep my draft)</button>
          <button onClick={() => a.review()}>Review</button>
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
    </section>
  );
}
