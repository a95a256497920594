import { createRouter, createWebHashHistory } from 'vue-router'

// Hash routing: the same build works inside Tauri and from `xinfang serve`.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/today' },
    { path: '/today', name: 'today', component: () => import('./views/TodayView.vue'), meta: { title: '工作台' } },
    { path: '/ledger', name: 'ledger', component: () => import('./views/LedgerView.vue'), meta: { title: '台账' } },
    { path: '/new', name: 'new', component: () => import('./views/CaseForm.vue'), meta: { title: '登记新件' } },
    {
      path: '/case/:caseNo',
      name: 'case',
      component: () => import('./views/CaseDetail.vue'),
      props: true,
      meta: { title: '事项详情' },
    },
    { path: '/dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: '看板' } },
    { path: '/rounds', name: 'rounds', component: () => import('./views/RoundsReportView.vue'), meta: { title: '查看记录' } },
    { path: '/settings', name: 'settings', component: () => import('./views/SettingsView.vue'), meta: { title: '设置' } },
    { path: '/:rest(.*)*', redirect: '/today' },
  ],
})

router.afterEach((to) => {
  const t = to.meta.title as string | undefined
  document.title = t ? `${t} · 信访工作台` : '信访工作台'
})
