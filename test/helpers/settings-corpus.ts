// The corpus of settings files the engine is tested on: the fixtures folder plus a generated 5 MB file.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const FIXTURES = fileURLToPath(new URL('../fixtures/settings/', import.meta.url));

export interface CorpusFile {
  name: string;
  text: string;
}

/** A 5 MB settings file: 300 routes and a large unknown key full of comments, as a long-lived file may hold. */
export function largeSettings(): string {
  const routes = Array.from({ length: 300 }, (_, i) => `    // route ${i}\n    {\n      "model": "m-${i}",\n      "id": "custom:M-${i}",\n      "index": ${i},\n      "baseUrl": "http://127.0.0.1:4000/v1",\n      "provider": "generic-chat-completion-api"\n    }`);
  const notes: string[] = [];
  let size = 0;
  for (let i = 0; size < 5 * 1024 * 1024; i++) {
    const line = `    /* note ${i} */ "entry ${i}: ${'x'.repeat(80)}"`;
    notes.push(line);
    size += line.length + 2;
  }
  return `{\n  "customModels": [\n${routes.join(',\n')}\n  ],\n  "sessionNotes": [\n${notes.join(',\n')}\n  ]\n}\n`;
}

export function corpus(): CorpusFile[] {
  const files = readdirSync(FIXTURES)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(FIXTURES, name), 'utf8') }));
  return [...files, { name: 'large-5mb.json', text: largeSettings() }];
}
