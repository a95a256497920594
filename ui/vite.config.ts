import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// Relative base: the same build is served by `xinfang serve` and embedded in the Tauri shell.
// Views are lazy routes; ECharts loads only with the dashboard's trend chart. Vendors get their
// own chunks so the app's main chunk stays small and vendor files stay cached between builds.
export default defineConfig({
  base: './',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 30 },
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus|@floating-ui|@popperjs|lodash-unified|lodash-es|async-validator|dayjs|@ctrl|@vueuse|memoize-one|normalize-wheel-es)[\\/]/, priority: 20 },
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
})
