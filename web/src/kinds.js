// kinds.js - reading the kind declarations (GET /api/v1/kinds, see
// docs/kinds.md): menu groups, fields, values shown the way the report
// writes them, and the empty value of each field type for forms. Nothing
// here knows a particular kind beyond the menu grouping, which falls back
// to "其他" for a kind it has not heard of (an agency's --kinds DIR).
import { fmtArea, fmtMoney } from './format.js';
import { personName } from './session.js';

export const GROUPS = [
  { id: 'enforcement', label: '行政执法', kinds: ['enforcement_case', 'noncase_handling', 'patrol', 'enforcement_matter', 'enforcement_officer', 'officer_certificate'] },
  { id: 'disclosure', label: '政务公开', kinds: ['disclosure_request', 'proactive_disclosure'] },
  { id: 'petition', label: '信访和12345', kinds: ['petition', 'hotline_ticket', 'leader_reception'] },
  { id: 'disputes', label: '复议诉讼和监督', kinds: ['reconsideration_case', 'reconsideration', 'litigation', 'mediation', 'land_compensation_dispute', 'supervision'] },
  { id: 'documents', label: '规范性文件和重大决策', kinds: ['normative_document', 'filing_review', 'major_decision'] },
  { id: 'capacity', label: '法治能力建设', kinds: ['legal_advice', 'legal_adviser', 'study_session', 'training', 'exam', 'hearing_attendance', 'publicity_event'] },
  { id: 'services', label: '政务服务', kinds: ['service_application', 'power_item', 'service_window'] },
  { id: 'figures', label: '统计', kinds: ['manual_figure'] },
];

// The menu: each group with the kinds the server declares, then the rest.
export function menuGroups(kinds) {
  const known = new Set(GROUPS.flatMap((g) => g.kinds));
  const have = new Map(kinds.map((k) => [k.kind, k]));
  const out = GROUPS.map((g) => ({ ...g, items: g.kinds.filter((k) => have.has(k)).map((k) => have.get(k)) })).filter((g) => g.items.length);
  const rest = kinds.filter((k) => !known.has(k.kind));
  if (rest.length) out.push({ id: 'other', label: '其他', items: rest });
  return out;
}

// "行政复议案件（被申请人答复）" reads as 行政复议案件 in menus, buttons
// and lists.
export function shortLabel(label) {
  return (label || '').replace(/（.*）$/, '');
}

export function fieldOf(kind, name) {
  return kind && kind.fields.find((f) => f.name === name);
}

export function stateLabel(kind, name) {
  const s = kind && kind.states.find((x) => x.name === name);
  return s ? s.label : name;
}

export function enumLabel(field, value) {
  const v = field && (field.values || []).find((x) => x.value === value);
  return v ? v.label : value;
}

// A field's value for reading (lists, details, history); rec, when given,
// names the organisation an org field holds (org_names), never its id.
export function formatValue(field, value, rec = null, kind = null) {
  if (value === null || value === undefined || value === '') return '';
  if (!field) return typeof value === 'object' ? JSON.stringify(value) : String(value);
  // what a review approved (a snapshot field): its fields as they were
  if (field.snapshot_of && kind) {
    let was = {};
    try {
      was = JSON.parse(value);
    } catch {
      return '';
    }
    return field.snapshot_of
      .map((n) => [fieldOf(kind, n), was[n]])
      .filter(([f, v]) => f && v !== null && v !== undefined && v !== '' && v !== false)
      .map(([f, v]) => `${f.label}：${formatValue(f, v)}`)
      .join('；');
  }
  switch (field.type) {
    case 'enum':
      return enumLabel(field, value);
    case 'bool':
      return value ? '是' : '否';
    case 'money':
      return fmtMoney(value);
    case 'decimal':
      return /平方米|面积/.test(field.label) ? fmtArea(value) : String(value);
    case 'users':
      return (value || []).map((id) => personName(id)).join('、');
    case 'org':
      return (rec && rec.org_names && rec.org_names[field.name]) || '';
    case 'objects':
      return (value || [])
        .map((item) =>
          (field.items || [])
            .filter((sub) => item[sub.name] !== undefined && item[sub.name] !== '')
            .map((sub) => `${sub.label}：${formatValue(sub, item[sub.name])}`)
            .join('，'),
        )
        .join('；');
    default:
      return String(value);
  }
}

// The value a form starts from for a field type.
export function emptyValue(field) {
  switch (field.type) {
    case 'users':
    case 'objects':
      return [];
    default:
      return null;
  }
}

// A form's values as the API takes them: unset values left out, numbers
// as numbers, objects without their empty members. keepEmpty: the names
// of lists sent even when empty (required ones, for the server to say so).
export function payloadOf(fields, model, { keepEmpty = [] } = {}) {
  const out = {};
  for (const f of fields) {
    let v = model[f.name];
    if (v === null || v === undefined || v === '') continue;
    if (f.type === 'users' || f.type === 'objects') {
      if (!Array.isArray(v)) continue;
      if (!v.length) {
        if (keepEmpty.includes(f.name)) out[f.name] = [];
        continue;
      }
    }
    if (f.type === 'objects') {
      v = v.map((item) => {
        const o = {};
        for (const sub of f.items || []) {
          const x = item[sub.name];
          if (x !== null && x !== undefined && x !== '') o[sub.name] = ['int', 'decimal', 'money'].includes(sub.type) ? Number(x) : x;
        }
        return o;
      });
    }
    if (['int', 'decimal', 'money'].includes(f.type)) v = Number(v);
    out[f.name] = v;
  }
  return out;
}

// The fields a list shows beside number, title and state: the date that
// numbers the record and up to two enums of the creation form.
export function listFields(kind) {
  const names = [];
  if (kind.number_date) names.push(kind.number_date);
  for (const n of kind.create.fields) {
    const f = fieldOf(kind, n);
    if (names.length >= 3) break;
    if (f && f.type === 'enum' && !f.personal && n !== kind.title) names.push(n);
  }
  return names.map((n) => fieldOf(kind, n)).filter(Boolean);
}

// The fields a list can be filtered on (f.FIELD=V): enums and bools, the
// first three (the API filters on at most 3 fields at once).
export function filterFields(kind) {
  return kind.fields.filter((f) => (f.type === 'enum' || f.type === 'bool') && !f.derive).slice(0, 3);
}

// The open deadline that matters most: overdue, then due soon, then the
// earliest running one.
export function urgentDeadline(rec) {
  const open = (rec.deadlines || []).filter((d) => d.due && !d.done_on);
  const rank = { overdue: 0, due_soon: 1, paused: 2, on_time: 3, suspended: 4 };
  open.sort((a, b) => (rank[a.status && a.status.id] ?? 5) - (rank[b.status && b.status.id] ?? 5) || (a.due < b.due ? -1 : 1));
  return open[0] || null;
}

export const STATUS_TAG = {
  overdue: 'danger',
  due_soon: 'warning',
  on_time: 'success',
  done_on_time: 'info',
  done_late: 'danger',
  paused: 'info',
  suspended: 'info',
  not_started: 'info',
};
