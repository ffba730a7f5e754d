import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig, externalizeDepsPlugin } from 'electron-vite'
import react from '@vitejs/plugin-react'

const root = dirname(fileURLToPath(import.meta.url))

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: { outDir: 'out/main', rollupOptions: { input: { index: resolve(root, 'src-main/index.ts') } } },
  },
  preload: {
    // Sandboxed preloads can require only 'electron' and a few builtins: bundle every
    // dependency (zod, the contracts) into one CJS file. electron itself stays external.
    build: {
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(root, 'src-preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react()],
    build: { outDir: resolve(root, 'out/renderer'), rollupOptions: { input: { index: resolve(root, 'src-renderer/index.html') } } },
  },
})
