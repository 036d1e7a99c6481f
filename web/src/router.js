// router.js - the screens and who may open them.
import { createRouter, createWebHistory } from 'vue-router';

const routes = [{ path: '/:rest(.*)*', component: () => import('./views/Placeholder.vue') }];

export const router = createRouter({ history: createWebHistory(), routes });
