import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const electronOnly = {
  paths: [{ name: 'electron', message: 'Only src-main/index.ts and src-main/platform/electron may import electron: use a platform port.' },
    { name: 'electron-store', message: 'electron-store imports electron: use the settings port.' }],
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.native/**', 'drizzle/**', 'playwright-report/**', 'test-results/**', 'bench/results/**', 'bench/_*.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  // Layering: the renderer never reaches Node, Electron, the database or main's code.
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: ['electron', 'better-sqlite3', 'electron-store', 'ws'],
        patterns: [
          { group: ['drizzle-orm', 'drizzle-orm/*'], message: 'The renderer has no database: call window.api.' },
          { group: ['**/src-main/**', 'node:*'], message: 'The renderer cannot import main-process or Node code.' },
        ],
      }],
    },
  },
  // Contracts are shared by main, preload and renderer: zod and each other only.
  {
    files: ['src-preload/contracts/**/*.ts'],
    ignores: ['src-preload/contracts/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\./[\\w-]+$)', message: 'Contracts import only zod and other contracts.' }] }] },
  },
  // Business modules, sync and core run under plain Node: no Electron.
  {
    files: ['src-main/modules/**/*.ts', 'src-main/sync/**/*.ts', 'src-main/core/**/*.ts', 'src-main/transport/**/*.ts', 'src-main/platform/node/**/*.ts', 'src-main/app.ts', 'src-main/host.ts'],
    rules: { 'no-restricted-imports': ['error', electronOnly] },
  },
)
