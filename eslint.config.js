// Lint with zero warnings, and the process layers enforced (architecture.md):
// renderer ↛ main, core/web/cli ↛ electron, shared ↛ anything with side effects.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const noNode = { paths: nodeBuiltins.map((name) => ({ name, message: 'Node built-ins belong to src/main.' })) };
const electron = [
  { group: ['electron', 'electron-store'], message: 'Only src/main/electron may import Electron.' },
  { group: ['**/main/electron/**', '../electron/**', '../../electron/**'], message: 'Only the Electron entry may use the Electron layer.' },
];
const mainCode = { group: ['**/main/**', '**/main'], message: 'The renderer reaches the core only through the typed client.' };
const rendererCode = { group: ['**/renderer/**'], message: 'Nothing imports the renderer.' };

export const layerRules = {
  renderer: { paths: noNode.paths, patterns: [mainCode, ...electron, { group: ['better-sqlite3'], message: 'No database in the renderer.' }] },
  core: { patterns: [...electron, rendererCode] },
  shared: {
    paths: noNode.paths,
    patterns: [mainCode, rendererCode, ...electron, { group: ['react', 'react-dom', 'antd', 'better-sqlite3', 'zustand'], message: 'src/shared is pure TypeScript.' }],
  },
};

export default defineConfig(
  { ignores: ['out/', 'dist/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/', '.tmp/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/renderer/**'], languageOptions: { globals: { ...globals.browser } }, rules: { 'no-restricted-imports': ['error', layerRules.renderer] } },
  { files: ['src/main/core/**', 'src/main/web/**', 'src/main/cli/**', 'src/platform/**'], rules: { 'no-restricted-imports': ['error', layerRules.core] } },
  {
    // The console's database has several writing connections (the monitor's, the import's). A deferred
    // transaction that reads before it writes fails at once (SQLITE_BUSY_SNAPSHOT, no busy wait) when
    // another connection commits in between; one that takes the write lock first waits its turn.
    files: ['src/main/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          // A transaction function not run at once with .immediate() (or .exclusive()): kept to be run
          // later, it needs a disable saying how it is run.
          selector: "CallExpression[callee.property.name='transaction']:not(MemberExpression[property.name=/^(immediate|exclusive)$/] > CallExpression.object)",
          message: 'Run console transactions with .immediate(): a deferred one can fail with SQLITE_BUSY_SNAPSHOT.',
        },
        { selector: "Literal[value=/^\\s*BEGIN(\\s+DEFERRED)?\\s*;?\\s*$/i]", message: 'Take the write lock first: BEGIN IMMEDIATE, or db.transaction(fn).immediate().' },
      ],
    },
  },
  { files: ['src/shared/**'], rules: { 'no-restricted-imports': ['error', layerRules.shared] } },
);
