// ESLint 9 flat config for the whole repository (all workspaces). Type-aware rules are left out on
// purpose: `npm run typecheck` already runs the compiler, and a non-type-checked lint stays fast.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ELECTRON_IN_PURE_CODE =
  'shared/ and desktop/src/core/ run in plain Node (tests, browser mode, the server): never import electron there.';
const RAW_IPC =
  'Use the typed IPC contract: raw ipcMain/ipcRenderer only in desktop/src/main/ipc/ and desktop/src/preload/.';

/** Raw IPC objects, however they are reached (`electron.ipcMain`, `require('electron').ipcRenderer`). */
const rawIpcSyntax = [{ selector: 'MemberExpression[property.name=/^ipc(Main|Renderer)$/]', message: RAW_IPC }];

/** `require('electron')` and `import('electron')`, which no-restricted-imports does not see. */
const electronLoadSyntax = [
  {
    selector: "CallExpression[callee.name='require'][arguments.0.value=/^electron(\\u002F.*)?$/]",
    message: ELECTRON_IN_PURE_CODE,
  },
  { selector: 'ImportExpression[source.value=/^electron(\\u002F.*)?$/]', message: ELECTRON_IN_PURE_CODE },
];

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/out/',
    '**/dist/',
    '**/coverage/',
    '**/.data/',
    '**/*.d.ts',
    '**/test-results/',
    '.tmp/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: RAW_IPC }] },
      ],
      'no-restricted-syntax': ['error', ...rawIpcSyntax],
    },
  },
  {
    // The renderer runs in a browser window (or a plain browser in browser mode).
    files: ['desktop/src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Later blocks replace a rule's options rather than merging them, so this repeats the IPC ban.
    files: ['shared/**', 'desktop/src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: ELECTRON_IN_PURE_CODE }],
          patterns: [{ group: ['electron/*'], message: ELECTRON_IN_PURE_CODE }],
        },
      ],
      'no-restricted-syntax': ['error', ...rawIpcSyntax, ...electronLoadSyntax],
    },
  },
  {
    // The only places allowed to touch Electron's IPC objects directly.
    files: ['desktop/src/main/ipc/**', 'desktop/src/preload/**'],
    rules: {
      'no-restricted-imports': 'off',
      'no-restricted-syntax': 'off',
    },
  },
);
