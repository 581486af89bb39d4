// The architecture's hard line, checked by the real ESLint config: app/ must not import Electron,
// React, main/ or renderer/; main/ and renderer/ may import what they need.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const cwd = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd });

async function boundaryErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundary', () => {
  it.each([
    ["import { app } from 'electron';", 'electron'],
    ["import { useState } from 'react';", 'React'],
    ["import { createRoot } from 'react-dom/client';", 'React'],
    ["import { x } from '../../main/index.ts';", 'main/'],
    ["import { y } from '../renderer/src/main.ts';", 'renderer/'],
  ])('app/ refuses %s', async (code, named) => {
    const errors = await boundaryErrors(`${code}\nexport const z = 1;\n`, 'app/settings/example.ts');
    expect(errors.join(' ')).toContain(named);
  });

  it('app/ may import its own modules and Node', async () => {
    expect(await boundaryErrors("import { readFile } from 'node:fs/promises';\nimport { run } from '../cli/program.ts';\nexport { readFile, run };\n", 'app/settings/example.ts')).toEqual([]);
  });

  it('main/ may import electron', async () => {
    expect(await boundaryErrors("import { app } from 'electron';\nexport { app };\n", 'main/example.ts')).toEqual([]);
  });
});
