import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// Relative base: the same build is served by `xinfang serve` and embedded in the Tauri shell.
export default defineConfig({
  base: './',
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
})
