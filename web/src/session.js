// session.js - who is logged in, and what the server declares (kinds of
// work, roles), shared by every screen. One reactive object; loaded once
// after login and cleared on logout.
import { reactive } from 'vue';
import { get, post, setCsrf } from './api.js';

export const session = reactive({
  loaded: false,
  // {id, org_id, username, display_name, org_name, org_path, roles,
  // must_change_password}: GET /api/v1/auth/me, or the login's answer
  me: null,
  kinds: [],
  kindMap: {},
  people: null, // colleagues [{id, display_name, org_id}], loaded on demand
});

export const ROLE_LABELS = {
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditor: '审计管理员',
  officer: '办案人员',
  reviewer: '法制审核人员',
  head: '负责人',
  statistician: '统计员',
  viewer: '只读',
};

export const BUSINESS_ROLES = ['officer', 'reviewer', 'head', 'statistician', 'viewer'];

export function hasRole(...roles) {
  const mine = (session.me && session.me.roles) || [];
  return roles.some((r) => mine.includes(r));
}

export function isBusiness() {
  return hasRole(...BUSINESS_ROLES);
}

function adopt(me) {
  session.me = me;
  setCsrf(me && me.csrf_token);
}

// Ask the server who we are (the session cookie is HttpOnly): null when
// nobody is logged in.
export async function loadSession() {
  // Without a login in this browser there is no session to ask about (the
  // cookie is HttpOnly): skip the request that could only answer 401.
  if (!localStorage.getItem('fz_session')) {
    clearSession();
    session.loaded = true;
    return null;
  }
  try {
    const me = await get('/api/v1/auth/me');
    adopt(me);
    if (!me.must_change_password) await loadDeclarations();
  } catch (e) {
    if (e.status !== 401) throw e;
    clearSession();
  }
  session.loaded = true;
  return session.me;
}

// What the portal shows of the declarations (GET /api/v1/public/kinds:
// intake forms and public lists), asked once per page load; a failure is
// not kept, the next screen asks again.
let publicKinds = null;
export function loadPublicKinds() {
  if (!publicKinds)
    publicKinds = get('/api/v1/public/kinds').then(
      (r) => r.kinds,
      (e) => {
        publicKinds = null;
        throw e;
      },
    );
  return publicKinds;
}

export async function loadDeclarations() {
  if (!session.me || session.kinds.length) return;
  if (!isBusiness()) return;
  const { kinds } = await get('/api/v1/kinds');
  session.kinds = kinds;
  session.kindMap = Object.fromEntries(kinds.map((k) => [k.kind, k]));
}

export async function login(username, password) {
  const r = await post('/api/v1/auth/login', { username, password });
  adopt({ ...r.user, org_name: r.org && r.org.name, org_path: r.org && r.org.path, csrf_token: r.csrf_token });
  localStorage.setItem('fz_session', '1');
  session.loaded = true;
  if (!r.user.must_change_password) await loadDeclarations();
  return r;
}

export async function changePassword(oldPassword, newPassword) {
  const r = await post('/api/v1/auth/password', { old_password: oldPassword, new_password: newPassword });
  // The answer starts a fresh session (new cookie and CSRF token).
  if (r && r.csrf_token) setCsrf(r.csrf_token);
  session.kinds = [];
  await loadSession();
  return r;
}

export async function logout() {
  try {
    await post('/api/v1/auth/logout');
  } finally {
    clearSession();
  }
}

export function clearSession() {
  localStorage.removeItem('fz_session');
  session.me = null;
  session.kinds = [];
  session.kindMap = {};
  session.people = null;
  setCsrf('');
}

// Colleagues of the caller's organisation subtree (for officer and 抄送
// pickers): id → display name.
export async function loadPeople() {
  if (session.people) return session.people;
  const r = await get('/api/v1/dashboard/people');
  session.people = r.users;
  return session.people;
}

export function personName(id) {
  const p = (session.people || []).find((u) => u.id === id);
  return p ? p.display_name : `用户${id}`;
}
