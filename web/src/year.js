// year.js - the year a statistics screen shows. The year last chosen
// (kept when the user chooses one) is where the workbench, the report, the
// disclosure table and the indicators open; without one, `fallback`
// (this year, or last year for the reports, which cover a finished year).
// `ahead`: how many years after this one the list offers (the workbench
// and the calendar look at next year's deadlines).
import { computed, ref } from 'vue';
import { thisYear } from './format.js';

const KEY = 'fz_year';
const FIRST = 2020;

export function useYear({ fallback = thisYear(), ahead = 0 } = {}) {
  const last = thisYear() + ahead;
  const saved = Number(localStorage.getItem(KEY));
  const year = ref(saved >= FIRST && saved <= last ? saved : fallback);
  const years = computed(() => {
    const out = [];
    for (let y = last; y >= FIRST; y--) out.push(y);
    return out;
  });
  const remember = () => localStorage.setItem(KEY, String(year.value));
  return { year, years, remember };
}

// The years of the list alone (the calendar: a year to look at, not one
// to remember).
export function yearList(ahead = 0) {
  return useYear({ ahead }).years;
}
