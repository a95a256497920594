import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// Relative base: the same build is served by `xinfang serve` and embedded in the Tauri shell.
// Views are lazy routes; ECharts loads only with the dashboard's trend chart. Vendors get their
// own chunks so the app's main chunk stays small and vendor files stay cached between builds.
export default defineConfig({
  base: './',
  // Element Plus components (and their CSS) are imported where a template uses them, not the
  // whole library up front: less script for the webview to parse and keep (docs/benchmarks.md).
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: 'src/components.d.ts' })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 30 },

            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
})
