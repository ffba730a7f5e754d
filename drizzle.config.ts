import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'sqlite',
  schema: ['./src-main/core/core.table.ts', './src-main/modules/*/*.table.ts'],
  out: './drizzle',
})
