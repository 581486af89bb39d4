// The redactor: known values, header values, plain apiKey fields and key shapes go; ${VAR} names stay.
import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../app/secrets/redact.ts';
import { CANARY } from '../helpers/canary.ts';

describe('redactor', () => {
  const r = new Redactor();
  r.add('plain-proxy-password-1');
  r.add('abc');

  it('removes every known value, wherever it stands', () => {
    expect(r.redact('error: key plain-proxy-password-1 rejected')).toBe(`error: key ${REDACTED} rejected`);
  });
  it('does not register values too short to be keys (they would cut words)', () => {
    expect(r.redact('abc def')).toBe('abc def');
  });
  it('removes Authorization and x-api-key header values', () => {
    expect(r.redact('Authorization: Bearer some-token-value')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(r.redact('{"x-api-key":"zzz-123"}')).toBe(`{"x-api-key":"${REDACTED}"}`);
  });
  it('removes plain apiKey fields but keeps ${VAR} references and placeholders', () => {
    expect(r.redact('{"apiKey": "hunter2hunter2"}')).toBe(`{"apiKey": "${REDACTED}"}`);
    expect(r.redact('{"apiKey": "${ROUTELIGHTS_KEY_LITELLM}"}')).toBe('{"apiKey": "${ROUTELIGHTS_KEY_LITELLM}"}');
    expect(r.redact('{"apiKey": "<plain text>"}')).toBe('{"apiKey": "<plain text>"}');
    expect(r.redact('"api_key": "snake-case-secret"')).toBe(`"api_key": "${REDACTED}"`);
  });
  it('removes common key shapes it was never told about', () => {
    expect(r.redact(`the key ${CANARY} leaked`)).not.toContain(CANARY);
    expect(r.redact('token: Bearer abcdefghijklmnopqrstuvwxyz0123456789')).not.toContain('abcdefghijklmnopqrstuvwxyz0123456789');
  });
  it('removes the user part of any URL, keeping the rest', () => {
    expect(r.redact('POST http://alice:pa55w0rd@127.0.0.1:4000/v1 failed')).toBe(`POST http://${REDACTED}@127.0.0.1:4000/v1 failed`);
    expect(r.redact('"https://ghp_tokenvalue@git.example/x"')).toBe(`"https://${REDACTED}@git.example/x"`);
    expect(r.redact('mail a@b.c, http://host/p@x')).toBe('mail a@b.c, http://host/p@x');
    // A password with an unencoded @: URL parsers split at the authority's last @, and so does the redactor.
    expect(r.redact('http://user:p@ss-word@127.0.0.1:9/v1')).toBe(`http://${REDACTED}@127.0.0.1:9/v1`);
  });
  it('never learns a number or a JSON word as a secret (a header "X-Max-Tokens: 8192" would break every JSON answer)', () => {
    const learner = new Redactor();
    for (const v of ['8192', 'true', 'null', '3.5']) learner.add(v);
    expect(learner.redact('{"maxOutputTokens":8192,"noImageSupport":true}')).toBe('{"maxOutputTokens":8192,"noImageSupport":true}');
  });
  it('removes credentials in a URL query, keeping the other parameters', () => {
    expect(r.redact('https://h.example/v1?api_key=qs-secret-123&region=eu')).toBe(`https://h.example/v1?api_key=${REDACTED}&region=eu`);
    expect(r.redact('http://h/v1?x=1&access_token=tok-456')).toBe(`http://h/v1?x=1&access_token=${REDACTED}`);
    expect(r.redact('http://h/v1?design=default&maxTokens=10')).toBe('http://h/v1?design=default&maxTokens=10');
  });
});
