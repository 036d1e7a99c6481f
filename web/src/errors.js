// errors.js - the API's errors in the interface's language.
//
// The API answers {"error":{"code","message","field"}}; the message names
// fields by their ids and is partly English (docs/architecture.md,
// "Decisions"). The interface shows the field's Chinese label and puts the
// known phrasings of the engine, the guards and the validators into
// Chinese. What it does not know stays as the server wrote it (the guards'
// legal references, 行政处罚法第五十八条 …, are Chinese already).

const COMMON_FIELDS = {
  username: '用户名',
  password: '密码',
  old_password: '原密码',
  new_password: '新密码',
  display_name: '姓名',
  org_id: '所属单位',
  parent_id: '上级单位',
  name: '名称',
  level: '层级',
  roles: '角色',
  reason: '理由',
  transition: '操作',
  version: '版本',
  user_ids: '抄送人员',
  note: '说明',
  year: '年度',
  days: '期限天数',
  text: '日历内容',
  body: '请求内容',
  query_code: '查询码',
  state: '状态',
};

const CODE_TEXT = {
  unauthenticated: '未登录或登录已过期，请重新登录',
  forbidden: '您的角色无权进行此操作',
  csrf: '页面已过期，请刷新后重试',
  locked: '账户已锁定',
  password_change_required: '请先修改密码',
  not_found: '未找到',
  conflict: '与已有数据冲突',
  too_large: '内容过大',
  rate_limited: '请求过于频繁，请稍后再试',
  method_not_allowed: '不支持的操作',
  unsupported_media_type: '不支持的文件类型',
};

function hasChinese(s) {
  return /[\u4e00-\u9fff]/.test(s);
}

// Phrasings of src/kinds/engine.c, guards*.c, lib/jsonv.c and auth, in
// order; `L(x)` is the label of field id x, `$n` the groups.
const RULES = [
  [/^is required$/, () => '必须填写'],
  [/^'(.*)' is not a date$/, () => '不是有效的日期'],
  [/^must be a number$/, () => '必须是数字'],
  [/^must be an integer$/, () => '必须是整数'],
  [/^must be a string$/, () => '必须是文字'],
  [/^must be true or false$/, () => '必须选择是或否'],
  [/^must be at least (\S+)$/, (m) => `不得小于${m[1]}`],
  [/^must be at most (\S+)$/, (m) => `不得大于${m[1]}`],
  [/^needs at least (\S+)$/, (m) => `至少需要${m[1]}项`],
  [/^at most 2 decimals \(fen\)$/, () => '最多两位小数（到分）'],
  [/^at most (\d+) characters$/, (m) => `最多${m[1]}个字符`],
  [/^at most (\S+)$/, (m) => `最多${m[1]}`],
  [/^must have at least (\d+) characters$/, (m) => `至少${m[1]}个字符`],
  [/^must have at most (\d+) characters$/, (m) => `最多${m[1]}个字符`],
  [/^must have (\d+) to (\d+) items$/, (m) => `需要${m[1]}至${m[2]}项`],
  [/^must be an array of user ids$/, () => '请选择人员'],
  [/^item \d+ is not a user id$/, () => '人员选择有误'],
  [/^user (\d+) listed twice$/, (m) => `人员${m[1]}重复`],
  [/^must be an array of objects$/, () => '格式不正确'],
  [/^unknown field$/, () => '不是本表单的字段'],
  [/^cannot be set here$/, () => '此步骤不能填写该项'],
  [/^is computed, not entered$/, () => '由系统计算，不能填写'],
  [/^user (\d+) holds no enforcement certificate valid on (\S+); two certified officers are required (.*)$/, (m) => `人员${m[1]}在${m[2]}没有有效的行政执法证件；须有两名持证执法人员${m[3]}`],
  [/^two officers holding valid enforcement certificates are required (.*)$/, (m) => `须有两名持有效行政执法证件的执法人员${m[1]}`],
  [/^required for a request received by '(.*)' (.*)$/, (m) => `按此申请方式须填写${m[2]}`],
  [/^required \(at most 2000 characters\) to send a record back$/, () => '退回须填写理由（最多2000字）'],
  [/^needs three of lower-case, upper-case, digits and symbols$/, () => '须包含小写字母、大写字母、数字和符号中的至少三类'],
  [/^must not contain the user name$/, () => '不得包含用户名'],
  [/^must differ from the last (\d+) passwords$/, (m) => `不得与最近${m[1]}次使用过的密码相同`],
  [/^no user (\d+)$/, (m) => `没有用户${m[1]}`],
  [/^no organisation (\d+)( in your scope)?$/, () => '不在您的管理范围内'],
];

// label(fieldId) → Chinese label; fields: the kind's fields (optional).
export function labeller(fields) {
  const map = { ...COMMON_FIELDS };
  for (const f of fields || []) map[f.name] = f.label;
  return (id) => {
    if (!id) return '';
    const m = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(id);
    if (m) return `${map[m[1]] || m[1]}第${Number(m[2]) + 1}项的${map[m[3]] || m[3]}`;
    return map[id] || id;
  };
}

// The message of an ApiError in Chinese: {field, label, message, text}:
// `message` alone (for beside the field it names), `text` with the field's
// label in front ("label：message", for an alert above the form).
export function describeError(err, fields) {
  const L = labeller(fields);
  if (!err || !err.code) {
    const text = String((err && err.message) || err || '出错了');
    return { field: null, label: '', message: text, text };
  }
  const field = err.field || null;
  let msg = err.message || '';
  let prefix = '';
  const head = /^([\w.[\]]+): (.*)$/s.exec(msg);
  if (head) {
    prefix = head[1];
    msg = head[2];
  }
  let message = null;
  for (const [re, fn] of RULES) {
    const m = re.exec(msg);
    if (m) {
      message = fn(m, L);
      break;
    }
  }
  if (message === null) {
    if (hasChinese(msg)) message = msg;
    else if (CODE_TEXT[err.code]) message = `${CODE_TEXT[err.code]}（${msg}）`;
    else message = msg;
  }
  const who = prefix || field;
  const label = who && who !== 'body' ? L(who) : '';
  return { field, label, message, text: label ? `${label}：${message}` : message };
}

export function errorText(err, fields) {
  return describeError(err, fields).text;
}

// An API refusal on a form: the message goes to errors[field] (shown under
// the field it names, beside the field's own label), focus(name) brings
// that field into view (RecordForm's focusField), and the description is
// returned: its text is for the alert above the form. `message`: the
// form's own words for a refusal it knows (a name already taken), for the
// field and the alert alike.
export function formError(err, errors, { fields, focus, message } = {}) {
  const d = describeError(err, fields);
  if (message) {
    d.message = message;
    d.text = message;
  }
  if (d.field && d.field !== 'transition') {
    errors[d.field] = d.message;
    if (focus) focus(d.field.replace(/\[.*$/, ''));
  }
  return d;
}
