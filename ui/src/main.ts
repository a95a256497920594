import { createApp } from 'vue'
import { ElMessage, ElMessageBox, messageConfig, provideGlobalConfig, vLoading } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
// Components bring their own CSS (vite.config.ts); these are used from scripts, not templates.
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/loading/style/css'
import './styles.css'
import App from './App.vue'
import { router } from './router'

const app = createApp(App).use(router).use(ElMessage).use(ElMessageBox)
app.directive('loading', vLoading)
// Chinese for every component, including message boxes opened from scripts.
provideGlobalConfig({ locale: zhCn }, app, true)
// #21 §12: toasts appear bottom right, clear of the case number and the header buttons, and
// every toast has a close button (long ones stay 6 s and must be dismissible).
Object.assign(messageConfig, { placement: 'bottom-right', showClose: true, max: 4 })
app.mount('#app')
