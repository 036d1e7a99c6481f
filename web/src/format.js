// format.js - figures and times written as the annual report writes them
// (src/report/format.c, the seeds): 282.81万元, 27.5万平方米, 91.7%, 100%,
// 2024年1月23日; times in Asia/Shanghai whatever the browser's zone.

export const TZ = 'Asia/Shanghai';

// x * 10^d rounded half up (on the scaled value, like format.c: 282.805 is
// 282.81, not the 282.80 binary floating point would give).
function scaled(x, decimals) {
  const p = 10 ** decimals;
  const v = Math.abs(x) * p;
  const r = Math.floor(v + 0.5 + 1e-9 * (v > 1 ? v : 1));
  return x < 0 ? -r : r;
}

export function fmtDecimal(x, decimals) {
  const s = scaled(Number(x) || 0, decimals);
  const p = 10 ** decimals;
  const a = Math.abs(s);
  const ip = Math.floor(a / p);
  const sign = s < 0 ? '-' : '';
  if (decimals === 0) return `${sign}${ip}`;
  return `${sign}${ip}.${String(a % p).padStart(decimals, '0')}`;
}

// Rounded to `decimals`, then without trailing zeros, as the report writes
// amounts and areas (7.20万元 is 7.2万元, 3.00万平方米 is 3万平方米).
export function fmtTrimmed(x, decimals) {
  const s = fmtDecimal(x, decimals);
  return decimals > 0 ? s.replace(/\.?0+$/, '') : s;
}

export const fmtWanYuan = (yuan) => `${fmtTrimmed((Number(yuan) || 0) / 10000, 2)}万元`;
export const fmtWanM2 = (m2, decimals = 1) => `${fmtTrimmed((Number(m2) || 0) / 10000, decimals)}万平方米`;

export function fmtPercent(pct) {
  const s = scaled(Number(pct) || 0, 1);
  if (s === 0 || s === 1000) return `${s / 10}%`;
  return `${fmtDecimal(pct, 1)}%`;
}

// An amount of money field (yuan) in a list or a detail: 万元 from 1万 up,
// yuan with fen below (罚款5000元 reads better than 0.50万元).
export function fmtMoney(yuan) {
  if (yuan === null || yuan === undefined || yuan === '') return '';
  const v = Number(yuan);
  if (Math.abs(v) >= 10000) return fmtWanYuan(v);
  return `${fmtTrimmed(v, 2)}元`;
}

// An area in m²: 万平方米 with two decimals from 1万 up, else m².
export function fmtArea(m2) {
  if (m2 === null || m2 === undefined || m2 === '') return '';
  const v = Number(m2);
  if (Math.abs(v) >= 10000) return fmtWanM2(v, 2);
  return `${fmtTrimmed(v, 2)}平方米`;
}

// An indicator's value with its unit, in the report's style.
export function fmtFigure(value, unit) {
  const v = Number(value) || 0;
  switch (unit) {
    case '元':
      return fmtWanYuan(v);
    case '平方米':
      return v >= 10000 ? fmtWanM2(v, 1) : `${fmtTrimmed(v, 2)}平方米`;
    case '%':
      return fmtPercent(v);
    default:
      return `${Number.isInteger(v) ? v : fmtDecimal(v, 1)}${unit || ''}`;
  }
}

// Against last year: 增加N件 / 减少N件 / 持平 (format.c fmt_change).
export function fmtChange(change, unit) {
  const c = Number(change) || 0;
  if (scaled(c, 2) === 0) return '持平';
  const whole = scaled(c, 0) * 100 === scaled(c, 2);
  let amount;
  if (unit === '元') amount = fmtWanYuan(Math.abs(c));
  else if (unit === '平方米') amount = fmtArea(Math.abs(c));
  else if (unit === '%') amount = `${fmtDecimal(Math.abs(c), 1)}个百分点`;
  else amount = `${fmtDecimal(Math.abs(c), whole ? 0 : 2)}${unit || ''}`;
  return `${c > 0 ? '增加' : '减少'}${amount}`;
}

// "2024-01-23" → "2024年1月23日"
export function fmtDateCn(d) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d || '');
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : d || '';
}

const dtf = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

// Unix milliseconds → "2024-01-23 09:30:00" in Asia/Shanghai.
export function fmtTime(ms) {
  if (ms === null || ms === undefined) return '';
  const parts = Object.fromEntries(dtf.formatToParts(new Date(Number(ms))).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

// Today in Asia/Shanghai as YYYY-MM-DD.
export function todayShanghai() {
  return fmtTime(Date.now()).slice(0, 10);
}

export function thisYear() {
  return Number(todayShanghai().slice(0, 4));
}

// "YYYY-MM-DD HH:MM:SS" in Asia/Shanghai → Unix milliseconds.
export function shanghaiToMs(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s || '');
  if (!m) return null;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], (+m[4] || 0) - 8, +m[5] || 0, +m[6] || 0);
}
