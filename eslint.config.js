// ESLint: typescript-eslint's recommended rules, plus the architecture's one hard line: app/ is the
// core and never imports Electron, React, main/ or renderer/ (DESIGN.md, "Arrows only point downward").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export const appBoundary = {
  patterns: [
    { group: ['electron', 'electron/*'], message: 'app/ runs in plain Node: Electron belongs in main/.' },
    { group: ['react', 'react/*', 'react-dom', 'react-dom/*'], message: 'app/ has no UI: React belongs in renderer/.' },
    { group: ['**/main/**', '**/main', '**/renderer/**', '**/renderer'], message: 'Arrows point down: app/ must not import main/ or renderer/.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.tools/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
  {
    files: ['app/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', appBoundary] },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
