// router.js - the screens and who may open them. Every screen is its own
// chunk, so the first load carries only the login page or the portal.
//
//   /login, /password                 sign in; change a temporary password
//   /                                 工作台
//   /records/:kind[/new|/:id]         every kind, from its declaration
//   /report                           the annual report; /report/disclosure
//   /admin/...                        organisations, users, officers,
//                                     calendar, periods, manual figures
//   /audit                            the audit administrator's log
//   /public/...                       the portal, without an account
import { createRouter, createWebHistory } from 'vue-router';
import { BUSINESS_ROLES as BUSINESS, clearSession, hasRole, loadSession, session } from './session.js';
import { setUnauthenticatedHandler } from './api.js';

const AppLayout = () => import('./layouts/AppLayout.vue');
const PublicLayout = () => import('./layouts/PublicLayout.vue');

const routes = [
  { path: '/login', component: () => import('./views/Login.vue'), meta: { public: true, title: '登录' } },
  { path: '/password', component: () => import('./views/Password.vue'), meta: { title: '修改密码', passwordChange: true } },
  {
    path: '/public',
    component: PublicLayout,
    meta: { public: true },
    children: [
      { path: '', component: () => import('./views/public/PublicHome.vue'), meta: { public: true, title: '政务公开服务' } },
      { path: 'disclosure', component: () => import('./views/public/PublicDisclosure.vue'), meta: { public: true, title: '政府信息公开申请' } },
      { path: 'list/:kind', component: () => import('./views/public/PublicList.vue'), meta: { public: true, title: '公开信息' }, props: true },
    ],
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', component: () => import('./views/Home.vue'), meta: { title: '工作台' } },
      { path: 'workbench', component: () => import('./views/Workbench.vue'), meta: { title: '工作台', roles: BUSINESS } },
      { path: 'records/:kind', component: () => import('./views/RecordList.vue'), meta: { title: '业务记录', roles: BUSINESS }, props: true },
      { path: 'records/:kind/new', component: () => import('./views/RecordNew.vue'), meta: { title: '新建', roles: BUSINESS }, props: true },
      { path: 'records/:kind/:id(\\d+)', component: () => import('./views/RecordDetail.vue'), meta: { title: '详情', roles: BUSINESS }, props: true },
      { path: 'report', component: () => import('./views/Report.vue'), meta: { title: '法治政府建设年度报告', roles: BUSINESS } },
      { path: 'report/disclosure', component: () => import('./views/DisclosureTable.vue'), meta: { title: '政府信息公开工作年度报表', roles: BUSINESS } },
      { path: 'indicators', component: () => import('./views/Indicators.vue'), meta: { title: '统计指标', roles: BUSINESS } },
      { path: 'admin/orgs', component: () => import('./views/admin/Orgs.vue'), meta: { title: '单位管理', roles: ['sysadmin', 'secadmin', ...BUSINESS] } },
      { path: 'admin/users', component: () => import('./views/admin/Users.vue'), meta: { title: '用户和角色', roles: ['sysadmin', 'secadmin'] } },
      { path: 'admin/officers', component: () => import('./views/admin/Officers.vue'), meta: { title: '执法人员和证件', roles: BUSINESS } },
      { path: 'admin/calendar', component: () => import('./views/admin/Calendar.vue'), meta: { title: '节假日日历', roles: ['sysadmin', ...BUSINESS] } },
      { path: 'admin/rules', component: () => import('./views/admin/Rules.vue'), meta: { title: '法定期限', roles: ['sysadmin', ...BUSINESS] } },
      { path: 'admin/settings', component: () => import('./views/admin/Settings.vue'), meta: { title: '重大执法决定标准', roles: ['sysadmin', ...BUSINESS] } },
      { path: 'audit', component: () => import('./views/Audit.vue'), meta: { title: '审计日志', roles: ['auditor'] } },
    ],
  },
  { path: '/:rest(.*)*', component: () => import('./views/NotFound.vue'), meta: { public: true, title: '页面不存在' } },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach(async (to) => {
  if (!session.loaded && !to.meta.public) await loadSession();
  if (to.meta.public) return true;
  if (!session.me) return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
  if (session.me.must_change_password && !to.meta.passwordChange) return { path: '/password' };
  const roles = to.meta.roles;
  if (roles && !hasRole(...roles)) return { path: '/' };
  return true;
});

router.afterEach((to) => {
  document.title = `${to.meta.title ? `${to.meta.title} - ` : ''}法治政府建设管理平台`;
});

let redirecting = false;
setUnauthenticatedHandler(() => {
  if (redirecting) return;
  const cur = router.currentRoute.value;
  if (cur.meta.public) return;
  redirecting = true;
  clearSession();
  router.push({ path: '/login', query: { next: cur.fullPath, expired: '1' } }).finally(() => {
    redirecting = false;
  });
});
