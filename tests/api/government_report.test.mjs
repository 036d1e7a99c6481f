// government_report.test.mjs - the statements of a government's own work
// (issue 14) in its composed report: each is left out while there are no
// records of it (GET /api/v1/reports/annual/statements: written false,
// 无记录) and written from records entered through the API as the staff
// would — 复议机关 cases by respondent department, the government as
// defendant with its heads in court, 人民调解 and 诉调对接, 征地补偿安置争议协调,
// the government's own documents reviewed and filed, 备案审查, leaders'
// exams, 旁听庭审, the roster of advisers, the hall's windows — with the
// figures the records give.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { recordHelpers, useServer, userWithRoles } from './lib.mjs';

const K = (kind) => `/api/v1/records/${kind}`;
const Y = 2024;
const IDS = [
  'recon_body.received',
  'recon_body.respondents',
  'litigation.own',
  'mediation.accepted',
  'mediation.by_type',
  'mediation.court',
  'mediation.police',
  'mediation.confirmed',
  'land_dispute.accepted',
  'normative.gov_review',
  'filing_review.received',
  'exam.pre_appointment',
  'hearing.sessions',
  'adviser_roster.engaged',
  'windows.open',
];

describe('a government’s own work in its report', () => {
  const h = useServer();
  const x = recordHelpers(h);
  let gov;

  const outcomes = async () =>
    new Map(
      (await h.srv.req('GET', `/api/v1/reports/annual/statements?org_id=1&year=${Y}`, { session: gov })).json.statements.map(
        (s) => [s.id, s],
      ),
    );
  const md = async () => (await h.srv.req('GET', `/api/v1/reports/annual?org_id=1&year=${Y}&format=md`, { session: gov })).text;
  const make = async (kind, json, steps = []) => {
    const r = x.ok(await x.post(K(kind), json, gov));
    for (const [name, input] of steps) x.ok(await x.take(K(kind), r.id, name, input, gov));
    return r;
  };

  before(async () => {
    gov = await userWithRoles(h, 'govall', ['officer', 'reviewer', 'head', 'statistician'], 1);
    x.fazhi = gov;
  });

  test('none is written before its records exist', async () => {
    const o = await outcomes();
    // every statement of the catalogue, not only this issue's: a government
    // with no records says nothing (the manual ones included)
    assert.ok(o.size > 100, `only ${o.size} statements`);
    for (const [id, s] of o) {
      assert.equal(s.written, false, `${id}: ${JSON.stringify(s)}`);
      assert.ok(['无记录', '不适用于本级别'].includes(s.reason), `${id}: ${JSON.stringify(s)}`);
    }
    for (const id of IDS) {
      assert.ok(o.has(id), `${id} is not a statement of the government's report`);
      assert.equal(o.get(id).written, false, `${id}: ${JSON.stringify(o.get(id))}`);
      assert.equal(o.get(id).reason, '无记录', `${id}: ${JSON.stringify(o.get(id))}`);
    }
    assert.doesNotMatch(await md(), /行政复议机关|人民调解|旁听庭审|备案审查|政务服务大厅/);
  });

  test('each is written from the records, with their figures', async () => {
    // 复议机关: two cases against the 规划和自然资源局, one corrected, one upheld; one declined
    const recon = (cause) => ({
      cause,
      act: '不动产登记行为',
      act_type: 'registration',
      respondent_org: 2,
      applicant_name: '何丽',
      received_on: '2024-03-04',
    });
    const heard = [
      ['accept', { accepted_on: '2024-03-07', procedure: 'ordinary' }],
      ['send_notice', { notice_sent_on: '2024-03-11' }],
    ];
    await make('reconsideration_case', recon('不服登记甲'), [...heard, ['conclude_corrected', { outcome: 'corrected.revoked', decided_on: '2024-04-22' }]]);
    await make('reconsideration_case', recon('不服登记乙'), [...heard, ['conclude_upheld', { outcome: 'upheld.upheld', decided_on: '2024-04-29' }]]);
    await make('reconsideration_case', recon('不服登记丙'), [['decline', { declined_on: '2024-03-06', decline_reason: '超过申请期限' }]]);
    // the government as defendant, its head (正职) in court
    await make(
      'litigation',
      {
        suit_type: 'administrative',
        capacity: 'defendant',
        trial_level: 'first',
        court: '重庆市第一中级人民法院',
        cause: '不服房屋征收决定',
        opponents: '张某',
        received_on: '2024-02-05',
      },
      [['hold_hearing', { hearing_on: '2024-05-14', head_appeared: true, head_name: '区长 杨某', head_rank: 'principal' }]],
    );
    // 人民调解: 3 accepted (1 referred by the court, 1 by the police), 2 settled, 1 confirmed
    const med = (source, extra = {}) => ({
      dispute_type: 'neighbour',
      summary: '相邻通行纠纷',
      applicant: '王某',
      respondent: '李某',
      organisation: '北碚区天生街道人民调解委员会',
      organisation_type: 'township',
      source,
      received_on: '2024-06-03',
      ...extra,
    });
    const settle = [
      ['accept', { accepted_on: '2024-06-04' }],
      ['succeed', { concluded_on: '2024-06-14', agreement_form: 'written', agreement_amount: 26000 }],
    ];
    await make('mediation', med('application'), [...settle, ['confirm', { confirmed_on: '2024-06-20', confirming_court: '北碚区人民法院' }]]);
    await make('mediation', med('court', { court_referral: 'court.assigned', court_name: '北碚区人民法院', referral_received_on: '2024-06-03' }), settle);
    await make('mediation', med('police'), [['accept', { accepted_on: '2024-06-04' }]]);
    // 征地补偿安置争议协调
    await make(
      'land_compensation_dispute',
      { applicant: '陈某', applicant_type: 'household', project: '北碚区2023年第3批次用地', dispute_subject: 'standard', claims: '提高补偿标准', received_on: '2024-07-01' },
      [['accept', { accepted_on: '2024-07-03' }], ['agree', { concluded_on: '2024-07-19' }]],
    );
    // the government's own document: reviewed by the 司法局, published, filed upward
    await make(
      'normative_document',
      { title: '北碚区农村村民建房管理办法', drafted_for: 'government', drafting_unit: '北碚区规划和自然资源局', drafted_on: '2024-01-02' },
      [
        ['open_comment', { comment_started_on: '2024-01-03', comment_channel: '区政府门户网站' }],
        ['close_comment', { comment_ended_on: '2024-02-05', comments_received: 3, comments_adopted: 1, comment_feedback: '已反馈。' }],
        ['expert_review', { expert_review_on: '2024-02-06', expert_opinion: '可行。' }],
        ['risk_assessment', { risk_assessed_on: '2024-02-07', risk_level: 'low', risk_opinion: '风险低。' }],
        ['submit_review', { review_submitted_on: '2024-02-08', review_organ: '北碚区司法局', review_organ_type: 'justice' }],
        ['pass_review', { legality_passed_on: '2024-02-20', legality_opinion: '制定主体、程序和内容合法。' }],
        ['deliberate', { deliberated_on: '2024-02-26', deliberation_body: 'gov_executive', deliberation_summary: '审议通过。' }],
        ['publish', { published_on: '2024-03-01', doc_number: '北碚府规〔2024〕1号', effective_on: '2024-03-01' }],
        ['file_upper', { filed_upper_on: '2024-03-11', filed_upper_authority: '重庆市人民政府' }],
      ],
    );
    // 备案审查: a department's filing reviewed and filed
    await make(
      'filing_review',
      { title: '关于规范临时占道的通知', doc_number: '北碚城管发〔2024〕3号', filing_organ: '北碚区城市管理局', filing_organ_type: 'department', doc_published_on: '2024-05-06', received_on: '2024-05-10' },
      [['register', { registered_on: '2024-05-10' }], ['approve', { reviewed_on: '2024-05-24' }]],
    );
    // leaders' exam, 旁听庭审, the roster, the hall
    await make(
      'exam',
      { title: '2024年新提任领导干部任前法律知识考试', exam_type: 'leader_pre_appointment', planned_on: '2024-09-10', expected: 12 },
      [['hold', { held_on: '2024-09-10', expected: 12, participants: 12, passed: 11 }]],
    );
    await make('hearing_attendance', { court: '重庆市第一中级人民法院', planned_on: '2024-10-15' }, [
      ['hold', { held_on: '2024-10-15', attendees: 40, leader_attendees: 15 }],
    ]);
    await make('legal_adviser', { name: '重庆某律师事务所', adviser_type: 'counsel_firm', unit: '重庆某律师事务所', engaged_from: '2024-01-02' });
    await make('legal_adviser', { name: '赵某', adviser_type: 'public_lawyer', unit: '北碚区司法局', engaged_from: '2023-05-06' });
    for (const [t, n] of [['comprehensive', 3], ['specialised', 1]])
      for (let i = 0; i < n; i++)
        await make('service_window', { window_name: `${t}${i}`, hall: '北碚区政务服务中心', level: 'district_center', window_type: t, opened_on: '2024-02-01' });

    const o = await outcomes();
    for (const id of IDS) assert.equal(o.get(id).written, true, `${id}: ${JSON.stringify(o.get(id))}`);
    const text = await md();
    for (const s of [
      '区政府作为行政复议机关收到行政复议申请3件，依法受理2件，不予受理1件，审结2件，其中变更、撤销、确认违法等纠错1件，纠错率50.0%',
      '受理的行政复议案件，被申请人涉及北碚区规划和自然资源局。',
      '区政府作为被告的行政诉讼案件1件；开庭审理的1件中区政府负责人出庭应诉1件，出庭应诉率100%，其中主要负责人出庭应诉1件',
      '全区各级人民调解组织受理矛盾纠纷3件，调解成功2件，调解成功率100%，涉及协议金额5.2万元',
      '承接人民法院委派、委托调解的纠纷1件，调解成功1件',
      '调处公安机关移交的矛盾纠纷1件',
      '1件调解协议经人民法院司法确认',
      '收到征地补偿安置争议协调申请1件，依法受理1件，办结1件，其中协调达成一致1件',
      '对区政府规范性文件草案进行合法性审核1件',
      '报上一级人民政府备案率100%，按期报备率100%',
      '收到报送备案的行政规范性文件1件',
      '新提任领导干部任前法律知识考试，参考12人，参考率100%，合格11人，合格率91.7%',
      '旁听庭审1次，参加旁听40人次，其中领导干部15人次',
      '承接人民法院委派、委托调解的纠纷1件，调解成功1件，成功率100%',
      '年末在聘法律顾问和公职律师2名',
      '设置窗口4个，其中综合窗口3个，综合窗口占比75.0%',
    ])
      assert.ok(text.includes(s), `「${s}」 not in the report:\n${text}`);
    // what has no records stays out: nothing filed with the 人大常委会, no
    // mediation pending is said, no 0%
    assert.doesNotMatch(text, /人大常委会备案|[^0-9.]0%|[^0-9.]0件/);
  });
});
