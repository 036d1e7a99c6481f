/*
 * bench_gen_disclosure.c - a database of disclosure requests (政府信息公开
 * 申请) at the scale of issue 4: --records requests over --orgs department
 * organisations under the demo government (org 1), written through the
 * real engine (engine_create and engine_transition, each one event in its
 * organisation's hash chain, the projection, the deadlines, the search
 * index). Records go in batches of --batch: each batch is queued at once
 * as write jobs of --job records, which the writer thread runs each in its
 * own savepoint and commits together (group commit), so that a batch is
 * one or a few transactions and fsyncs. (One job per batch would be as
 * few transactions but much slower: SQLite's statement journal holds every
 * page the open savepoint has changed, and the end of every statement
 * walks it, so a job's cost grows with the square of its size.)
 *
 * usage: bench_gen_disclosure --db PATH [--orgs 200] [--records 1000000]
 *                             [--batch 2000] [--job 20] [--seed 4] [--force]
 *
 * PATH is a database made by `fazhi init --db PATH --demo`; if there is
 * none (or with --force, which removes PATH, its -wal/-shm and
 * PATH.credentials first) the generator makes it so itself, the demo
 * passwords going to PATH.credentials. A database that already holds
 * exactly --orgs generated organisations and --records requests is reused
 * as it is (after `fazhi init --db PATH`, which migrates an older schema);
 * one that holds other counts is refused (use --force).
 *
 * The data is plausible and reproducible (a fixed seed):
 *   - organisations of unequal size: organisation i gets a share
 *     proportional to 1/(1 + i/20), so the largest has ~11 times the
 *     requests of the smallest;
 *   - received dates spread evenly over 2023-01-01..2024-12-31 (in person
 *     and by mail on working days only), in the order of the record ids;
 *   - applicant types: 93 % natural persons, 4 % businesses, 2 % legal
 *     services, 0.3 % research, 0.2 % public-interest bodies, 0.5 % other;
 *   - channels: 45 % online, 35 % mail, 19 % in person, 0.5 % fax,
 *     0.5 % other;
 *   - 90 % replied: about 7 % after a 补正 (a quarter of those closed for
 *     want of it), 4 % after consulting a third party, 2 % with an
 *     extension, 3 % late; reply types 38 % disclose, 9 % partial, 7 %
 *     withhold, 28 % unavailable, 8 % not handled, 10 % other, each with
 *     its reasons in proportion;
 *   - 10 % open: 55 % just received, 30 % accepted, 8 % waiting for a 补正,
 *     7 % consulting a third party. Every open request was received in
 *     2023-2024, so those whose reply clock runs are overdue today.
 *
 * Every change is written with the date it happened on as the engine's
 * "today" (the guards not_future and before_due see the day of the act).
 *
 * Output: progress on stderr; on stdout, for bench/run:
 *   records N / orgs N / generated|reused / list_org ID records N overdue N
 * where list_org is the generated organisation with the most overdue
 * requests today (the page bench/run measures).
 */
#include "admin/accounts.h"
#include "admin/legaltime.h"
#include "api/api.h"
#include "calendar/calendar.h"
#include "cmd/cmd.h"
#include "kinds/engine.h"
#include "kinds/kind.h"
#include "lib/clock.h"
#include "store/store.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ORG_MARK "（基准"
#define MAX_ORGS 10000

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- a reproducible random source (xorshift64*) -------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* 0 <= r < n */
static int rnd_below(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

/* lo <= r <= hi */
static int rnd_range(int lo, int hi)
{
	return lo + rnd_below(hi - lo + 1);
}

struct weighted {
	const char *value;
	int weight;
};

/* Pick from a table ending with {NULL, 0}, by weight. */
static const char *pick(const struct weighted *w)
{
	int total = 0, r, i;

	for (i = 0; w[i].value; i++)
		total += w[i].weight;
	r = rnd_below(total);
	for (i = 0; w[i].value; i++) {
		if (r < w[i].weight)
			return w[i].value;
		r -= w[i].weight;
	}
	return w[0].value;
}

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *one_of(const char *const *v, size_t n)
{
	return v[rnd_below((int)n)];
}

/* ---- what the requests look like ------------------------------------------
 */

static const struct weighted applicant_types[] = {{"natural_person", 9300},
						  {"commercial", 400},
						  {"legal_service", 200},
						  {"research", 30},
						  {"public_interest", 20},
						  {"other", 50},
						  {NULL, 0}};

static const struct weighted channels[] = {{"online", 450},    {"mail", 350},
					   {"in_person", 190}, {"fax", 5},
					   {"other", 5},       {NULL, 0}};

static const struct weighted deliveries[] = {
    {"electronic", 50}, {"paper", 40}, {"view", 5}, {"other", 5}, {NULL, 0}};

static const struct weighted reply_types[] = {{"disclose", 380},
					      {"partial", 90},
					      {"withhold", 70},
					      {"unavailable", 280},
					      {"not_handled", 80},
					      {"other", 100},
					      {NULL, 0}};

static const struct weighted withhold_reasons[] = {
    {"withhold.state_secret", 3},
    {"withhold.law_forbids", 8},
    {"withhold.three_safety", 5},
    {"withhold.third_party", 20},
    {"withhold.internal_affairs", 12},
    {"withhold.process_info", 30},
    {"withhold.enforcement_file", 10},
    {"withhold.inquiry", 12},
    {NULL, 0}};

static const struct weighted unavailable_reasons[] = {
    {"unavailable.not_held", 85},
    {"unavailable.need_create", 10},
    {"unavailable.unclear", 5},
    {NULL, 0}};

static const struct weighted not_handled_reasons[] = {
    {"not_handled.petition", 40},   {"not_handled.repeat", 35},
    {"not_handled.publication", 5}, {"not_handled.massive", 10},
    {"not_handled.confirm", 10},    {NULL, 0}};

static const struct weighted other_reasons[] = {
    {"other.no_fee", 5}, {"other.other", 95}, {NULL, 0}};

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
    "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
    "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁"};
static const char *const given[] = {
    "伟",   "芳",   "娜",   "敏",   "静",   "丽",   "强",   "磊",
    "军",   "洋",   "勇",   "艳",   "杰",   "娟",   "涛",   "明",
    "超",   "秀英", "霞",   "平",   "刚",   "桂英", "建华", "志强",
    "海燕", "小红", "德明", "文静", "国庆", "玉兰", "晓东", "春梅"};
static const char *const places[] = {
    "北碚", "歇马", "蔡家岗", "童家溪", "施家梁", "澄江",
    "天生", "朝阳", "龙凤桥", "东阳",	"水土",	  "复兴",
    "三圣", "静观", "柳荫",   "金刀峡", "天府",	  "偏岩"};
static const char *const firm_words[] = {"恒达", "嘉陵", "缙云", "兴业",
					 "华通", "鼎盛", "宏远", "金桥",
					 "瑞丰", "川渝", "正信", "长江"};
static const char *const topics[] = {"土地征收补偿安置方案",
				     "征地批复文件",
				     "房屋征收决定及补偿方案",
				     "建设用地规划许可证",
				     "建设工程规划许可证及附图",
				     "环境影响评价审批文件",
				     "行政处罚决定书",
				     "道路改造工程招标文件",
				     "农村集体土地确权登记资料",
				     "低保审批名单",
				     "财政预算执行情况",
				     "拆迁安置房分配方案",
				     "企业排污许可证",
				     "食品生产许可审查资料",
				     "河道整治工程验收报告",
				     "学校划片招生方案",
				     "城镇老旧小区改造计划",
				     "违法建筑认定及处理文件",
				     "安置补偿费用发放明细",
				     "国有土地使用权出让合同",
				     "信访事项处理意见书",
				     "行政许可申请材料",
				     "项目立项批复",
				     "公共租赁住房配租名单"};
static const char *const streets[] = {"天生路",	  "云华路", "碚峡路",
				      "中山路",	  "嘉陵路", "朝阳路",
				      "龙凤大道", "同兴路", "蔡家大道"};
static const char *const dept_names[] = {"发展和改革委员会",
					 "教育委员会",
					 "科学技术局",
					 "公安分局",
					 "民政局",
					 "司法局",
					 "财政局",
					 "人力资源和社会保障局",
					 "规划和自然资源局",
					 "生态环境局",
					 "住房和城乡建设委员会",
					 "城市管理局",
					 "交通运输委员会",
					 "水利局",
					 "农业农村委员会",
					 "商务委员会",
					 "文化和旅游发展委员会",
					 "卫生健康委员会",
					 "退役军人事务局",
					 "应急管理局",
					 "审计局",
					 "市场监督管理局",
					 "体育局",
					 "统计局",
					 "医疗保障局",
					 "林业局",
					 "征地服务中心",
					 "房屋征收办公室",
					 "街道办事处",
					 "镇人民政府"};

static const char *reason_of(const char *type)
{
	if (!strcmp(type, "withhold"))
		return pick(withhold_reasons);
	if (!strcmp(type, "unavailable"))
		return pick(unavailable_reasons);
	if (!strcmp(type, "not_handled"))
		return pick(not_handled_reasons);
	if (!strcmp(type, "other"))
		return pick(other_reasons);
	return NULL;
}

static const char *reply_text_of(const char *type)
{
	if (!strcmp(type, "disclose"))
		return "经审查，您申请公开的政府信息属于公开范围，现予以提供。";
	if (!strcmp(type, "partial"))
		return "您申请的信息中部分内容涉及第三方合法权益，经处理后部分"
		       "公开"
		       "。";
	if (!strcmp(type, "withhold"))
		return "经审查，您申请的信息依法不予公开。";
	if (!strcmp(type, "unavailable"))
		return "经检索，本机关未制作或获取您申请公开的政府信息。";
	if (!strcmp(type, "not_handled"))
		return "您的申请不属于政府信息公开申请，本机关不作为政府信息公"
		       "开"
		       "申请处理。";
	return "本机关依法作出其他处理。";
}

static const char *basis_of(const char *type)
{
	if (!strcmp(type, "withhold"))
		return "《中华人民共和国政府信息公开条例》第十四条、第十五条、"
		       "第"
		       "十六条";
	if (!strcmp(type, "unavailable"))
		return "《中华人民共和国政府信息公开条例》第三十六条第（四）项";
	if (!strcmp(type, "not_handled"))
		return "《中华人民共和国政府信息公开条例》第三十六条第（七）项";
	if (!strcmp(type, "partial"))
		return "《中华人民共和国政府信息公开条例》第三十七条";
	return "《中华人民共和国政府信息公开条例》第三十六条";
}

/* ---- state ------------------------------------------------------------------
 */

struct gen {
	struct store *s;
	struct api_app app;
	const struct kind *k;
	struct cal_calendar *cal; /* our own copy, for picking dates */
	int today;
	int first_day, ndays;
	int64_t nrecords, norgs;
	int64_t org_ids[MAX_ORGS];
	double cum[MAX_ORGS]; /* cumulative weights, normalised to 1 */
	int64_t next;	      /* the next record to write, 0-based */
	int64_t batch_end;
	int64_t changes; /* events written by the batches */
};

static int wd_add(const struct gen *g, int day, int n)
{
	int out = day;

	if (n <= 0)
		return day;
	if (cal_add_working_days(g->cal, day, n, &out, NULL))
		return day + n + n / 5 * 2;
	return out;
}

static int next_working(const struct gen *g, int day)
{
	int i;

	for (i = 0; i < 30 && !cal_is_working(g->cal, day); i++)
		day++;
	return day;
}

static void set_date(json_t *o, const char *field, int day)
{
	char d[CAL_DATE_LEN];

	json_object_set_new(o, field, json_string(cal_date_format(day, d)));
}

static int64_t pick_org(const struct gen *g)
{
	double r = (double)(rnd() >> 11) / 9007199254740992.0;
	int64_t lo = 0, hi = g->norgs - 1;

	while (lo < hi) {
		int64_t mid = (lo + hi) / 2;
		if (g->cum[mid] > r)
			hi = mid;
		else
			lo = mid + 1;
	}
	return g->org_ids[lo];
}

static json_t *applicant(const char *type)
{
	char name[256];

	if (!strcmp(type, "natural_person"))
		snprintf(name, sizeof(name), "%s%s",
			 one_of(surnames, N_OF(surnames)),
			 one_of(given, N_OF(given)));
	else if (!strcmp(type, "commercial"))
		snprintf(name, sizeof(name), "重庆%s%s实业有限公司",
			 one_of(firm_words, N_OF(firm_words)),
			 one_of(places, N_OF(places)));
	else if (!strcmp(type, "legal_service"))
		snprintf(name, sizeof(name), "重庆%s律师事务所",
			 one_of(firm_words, N_OF(firm_words)));
	else if (!strcmp(type, "research"))
		snprintf(name, sizeof(name), "西南大学%s研究院",
			 one_of(places, N_OF(places)));
	else if (!strcmp(type, "public_interest"))
		snprintf(name, sizeof(name), "重庆市%s环保公益基金会",
			 one_of(firm_words, N_OF(firm_words)));
	else
		snprintf(name, sizeof(name), "%s村民委员会",
			 one_of(places, N_OF(places)));
	return json_string(name);
}

/* The create input of record i, and its received day in *received. */
static json_t *request_input(const struct gen *g, int64_t i, int *received)
{
	const char *type = pick(applicant_types), *ch = pick(channels);
	json_t *in = json_object();
	char buf[512];
	int day = g->first_day + (int)(i * g->ndays / g->nrecords);
	int submitted;

	if (!strcmp(ch, "in_person") || !strcmp(ch, "mail"))
		day = next_working(g, day);
	if (day > g->first_day + g->ndays - 1)
		day = g->first_day + g->ndays - 1;
	*received = day;
	submitted = day;
	if (!strcmp(ch, "mail"))
		submitted = day - rnd_range(2, 6);
	else if (!strcmp(ch, "online") || !strcmp(ch, "fax"))
		submitted = day - rnd_range(0, 1);
	json_object_set_new(in, "applicant_type", json_string(type));
	json_object_set_new(in, "applicant_name", applicant(type));
	if (!strcmp(type, "natural_person")) {
		snprintf(buf, sizeof(buf), "500109%04d%02d%02d%03d%d",
			 rnd_range(1950, 2004), rnd_range(1, 12),
			 rnd_range(1, 28), rnd_below(1000), rnd_below(10));
		json_object_set_new(in, "id_number", json_string(buf));
	}
	snprintf(buf, sizeof(buf), "1%d%08d", rnd_range(30, 99),
		 rnd_below(100000000));
	json_object_set_new(in, "phone", json_string(buf));
	snprintf(buf, sizeof(buf), "重庆市北碚区%s%d号",
		 one_of(streets, N_OF(streets)), rnd_range(1, 300));
	json_object_set_new(in, "address", json_string(buf));
	if (!strcmp(ch, "online")) {
		snprintf(buf, sizeof(buf), "applicant%lld@example.cn",
			 (long long)i);
		json_object_set_new(in, "email", json_string(buf));
	}
	json_object_set_new(in, "channel", json_string(ch));
	set_date(in, "submitted_on", submitted);
	if (!strcmp(ch, "mail"))
		set_date(in, "signed_on", day);
	else if (!strcmp(ch, "online") || !strcmp(ch, "fax"))
		set_date(in, "confirmed_on", day);
	snprintf(buf, sizeof(buf), "%s%s%d年%s", rnd_below(3) ? "北碚区" : "",
		 one_of(places, N_OF(places)),
		 rnd_range(2015, cal_date_year(day)),
		 one_of(topics, N_OF(topics)));
	json_object_set_new(in, "content", json_string(buf));
	if (rnd_below(2))
		json_object_set_new(in, "purpose",
				    json_string(rnd_below(2)
						    ? "维护自身合法权益"
						    : "了解补偿标准"));
	json_object_set_new(in, "delivery", json_string(pick(deliveries)));
	return in;
}

/* ---- one record: create and its history ---------------------------------- */

struct step_ctx {
	struct gen *g;
	struct store_conn *c;
	struct engine_env env;
	int64_t id;
	int64_t index;
	struct fz_err *e;
};

static int step(struct step_ctx *x, const char *name, int day, json_t *in)
{
	struct store_record out;
	int rc;

	x->env.today = day;
	rc = engine_transition(x->c, &x->env, x->g->k, x->id, name, in, 0, &out,
			       x->e);
	store_record_release(&out);
	json_decref(in);
	x->g->changes++;
	if (rc)
		fprintf(stderr,
			"bench_gen_disclosure: record %lld (id %lld): %s: %s\n",
			(long long)x->index, (long long)x->id, name, x->e->msg);
	return rc;
}

static json_t *with_date(const char *field, int day)
{
	json_t *o = json_object();

	set_date(o, field, day);
	return o;
}

static int reply(struct step_ctx *x, int day)
{
	const char *type = pick(reply_types), *reason;
	json_t *in = json_object();
	char doc[128];

	/* "other" replies for want of a 补正 go through close_no_correction;
	 * here only the reasons a reply itself may give. */
	reason = reason_of(type);
	json_object_set_new(in, "reply_type", json_string(type));
	if (reason)
		json_object_set_new(in, "reply_reason", json_string(reason));
	json_object_set_new(in, "reply_text", json_string(reply_text_of(type)));
	if (strcmp(type, "disclose") != 0)
		json_object_set_new(in, "reply_basis",
				    json_string(basis_of(type)));
	snprintf(doc, sizeof(doc), "北碚府信公开〔%d〕%lld号",
		 cal_date_year(day), (long long)(x->id % 100000));
	json_object_set_new(in, "doc_number", json_string(doc));
	set_date(in, "replied_on", day);
	return step(x, "reply", day, in);
}

/* How many working days the reply takes: mostly within the 20 of art. 33,
 * 3 % late. */
static int reply_wd(void)
{
	int r = rnd_below(100);

	if (r < 3)
		return rnd_range(21, 30);
	if (r < 60)
		return rnd_range(5, 15);
	return rnd_range(1, 20);
}

static int one_record(struct gen *g, struct store_conn *c, int64_t i,
		      struct fz_err *e)
{
	struct step_ctx x = {.g = g, .c = c, .index = i, .e = e};
	struct store_record out;
	int received, clock, last, rc, r;
	int open = rnd_below(1000) < 100;
	json_t *in = request_input(g, i, &received);
	int64_t org = pick_org(g);

	x.env.lt = g->app.lt;
	x.env.actor = "cli";
	x.env.roles = ROLE_OFFICER | ROLE_HEAD;
	x.env.today = received;
	rc = engine_create(c, &x.env, g->k, org, in, NULL, NULL, &out, e);
	json_decref(in);
	g->changes++;
	if (rc) {
		fprintf(stderr,
			"bench_gen_disclosure: record %lld: create: %s\n",
			(long long)i, e->msg);
		return rc;
	}
	x.id = out.id;
	store_record_release(&out);

	r = rnd_below(1000);
	if (open) {
		/* 55 % received, 30 % processing, 8 % correction, 7 %
		 * consulting */
		if (r < 550)
			return 0;
		if (r < 850) {
			last = wd_add(g, received, rnd_range(0, 2));
			return step(&x, "accept", last,
				    with_date("accepted_on", last));
		}
		if (r < 930) {
			int d = wd_add(g, received, rnd_range(1, 6));
			in = with_date("correction_requested_on", d);
			json_object_set_new(
			    in, "correction_items",
			    json_string("请明确所需信息的名称、文号"
					"或便于查询的其他特征描述"));
			return step(&x, "request_correction", d, in);
		}
		last = wd_add(g, received, rnd_range(0, 2));
		if ((rc = step(&x, "accept", last,
			       with_date("accepted_on", last))))
			return rc;
		last = wd_add(g, last, rnd_range(2, 8));
		return step(&x, "consult_third_party", last,
			    with_date("third_party_sent_on", last));
	}

	/* replied: about 7 % after a 补正 */
	clock = received;
	if (r < 70) {
		int d = wd_add(g, received, rnd_range(1, 6));
		in = with_date("correction_requested_on", d);
		json_object_set_new(
		    in, "correction_items",
		    json_string("请明确所需信息的名称、文号或便于"
				"查询的其他特征描述"));
		if ((rc = step(&x, "request_correction", d, in)))
			return rc;
		if (rnd_below(4) == 0) {
			/* closed: no correction within the time given */
			int closed = wd_add(g, d, rnd_range(16, 25));
			in = with_date("replied_on", closed);
			json_object_set_new(
			    in, "reply_text",
			    json_string("申请人逾期未补正，视为放弃申请。"));
			return step(&x, "close_no_correction", closed, in);
		}
		clock = wd_add(g, d, rnd_range(2, 10));
		if ((rc = step(&x, "receive_correction", clock,
			       with_date("correction_received_on", clock))))
			return rc;
		last = clock;
	} else {
		last = wd_add(g, received, rnd_range(0, 2));
		if ((rc = step(&x, "accept", last,
			       with_date("accepted_on", last))))
			return rc;
	}
	r = rnd_below(1000);
	if (r < 40) { /* a third party is consulted: 15 days do not count */
		int sent = wd_add(g, last, rnd_range(1, 5));
		int back = sent + rnd_range(7, 15);
		if ((rc = step(&x, "consult_third_party", sent,
			       with_date("third_party_sent_on", sent))) ||
		    (rc = step(&x, "third_party_replied", back,
			       with_date("third_party_replied_on", back))))
			return rc;
		clock += back - sent;
		last = back;
	}
	if (r >= 40 && r < 60) { /* extended by 20 working days */
		int d = wd_add(g, clock, rnd_range(12, 18));
		in = json_pack("{s:i, s:s, s:s}", "extension_days", 20,
			       "extension_approver", "分管副区长", "reason",
			       "申请内容涉及多个部门，需协调后答复");
		if (d < last)
			d = last;
		if ((rc = step(&x, "extend", d, in)))
			return rc;
		last = d;
		clock = wd_add(g, clock, 20);
	}
	r = wd_add(g, clock, reply_wd());
	if (r < last)
		r = last;
	return reply(&x, r);
}

/* ---- write jobs ---------------------------------------------------------- */

/* A job: records [from, to). Jobs run on the writer thread in the order
 * queued, so the random source gives the same data every time. */
struct job {
	struct gen *g;
	int64_t from, to;
};

static int job_fn(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct job *j = arg;
	int64_t i;
	int rc;

	for (i = j->from; i < j->to; i++)
		if ((rc = one_record(j->g, c, i, e)))
			return rc;
	return 0;
}

/* Completion of the jobs of one batch (called on the writer thread). */
struct batch_wait {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int pending;
	int rc;
	struct fz_err err;
};

static void job_done(void *arg, int rc, const struct fz_err *e)
{
	struct batch_wait *w = arg;

	pthread_mutex_lock(&w->mu);
	if (rc && !w->rc) {
		w->rc = rc;
		if (e)
			w->err = *e;
	}
	w->pending--;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

/* Records [g->next, g->batch_end) as jobs of `per_job` records queued at
 * once: the writer runs each in its own savepoint and commits what it has
 * taken from the queue together (group commit), so a batch is one or a few
 * transactions. Small jobs keep SQLite's statement journal small: it holds
 * every page a job has changed, and every statement's end walks it. */
static int run_batch(struct gen *g, int64_t per_job, struct fz_err *e)
{
	static struct job jobs[4096];
	struct batch_wait w;
	int64_t from;
	int nj = 0;

	memset(&w, 0, sizeof(w));
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cv, NULL);
	for (from = g->next; from < g->batch_end && nj < 4096; from += per_job)
		nj++;
	w.pending = nj;
	nj = 0;
	for (from = g->next; from < g->batch_end && nj < 4096;
	     from += per_job) {
		jobs[nj].g = g;
		jobs[nj].from = from;
		jobs[nj].to = from + per_job < g->batch_end ? from + per_job
							    : g->batch_end;
		store_write_async(g->s, job_fn, &jobs[nj], job_done, &w);
		nj++;
	}
	pthread_mutex_lock(&w.mu);
	while (w.pending > 0)
		pthread_cond_wait(&w.cv, &w.mu);
	pthread_mutex_unlock(&w.mu);
	pthread_mutex_destroy(&w.mu);
	pthread_cond_destroy(&w.cv);
	if (w.rc)
		*e = w.err;
	return w.rc;
}

static int orgs_fn(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct gen *g = arg;
	struct store_org o;
	int64_t i;
	int rc;

	for (i = 0; i < g->norgs; i++) {
		memset(&o, 0, sizeof(o));
		o.parent_id = 1;
		snprintf(o.name, sizeof(o.name), "%s%s%03lld）",
			 dept_names[i % N_OF(dept_names)], ORG_MARK,
			 (long long)i + 1);
		snprintf(o.level, sizeof(o.level), "department");
		if ((rc = acct_org_add(c, &o, "cli", e)))
			return rc;
		g->org_ids[i] = o.id;
	}
	return 0;
}

/* ---- what is there already ------------------------------------------------
 */

struct org_scan {
	struct gen *g;
	int64_t n;
};

static int org_seen(const struct store_org *o, void *arg)
{
	struct org_scan *sc = arg;

	if (o->parent_id == 1 && strstr(o->name, ORG_MARK)) {
		if (sc->n < MAX_ORGS)
			sc->g->org_ids[sc->n] = o->id;
		sc->n++;
	}
	return 0;
}

static int no_row(const struct store_record *r, void *arg)
{
	(void)r;
	(void)arg;
	return 1;
}

static int count(struct gen *g, int64_t root, enum store_due_filter due,
		 int64_t *total, struct fz_err *e)
{
	struct store_record_query q;
	struct store_conn *c = store_rd_acquire(g->s);
	int rc;

	memset(&q, 0, sizeof(q));
	q.kind = g->k->id;
	q.root_org = root;
	q.due = due;
	q.today = g->today;
	q.limit = 1;
	*total = 0;
	rc = store_record_list(c, &q, no_row, NULL, total, e);
	store_rd_release(g->s, c);
	return rc;
}

static int existing(struct gen *g, int64_t *orgs, int64_t *records,
		    struct fz_err *e)
{
	struct org_scan sc = {g, 0};
	struct store_conn *c = store_rd_acquire(g->s);
	int rc = store_org_list(c, 1, org_seen, &sc, e);

	store_rd_release(g->s, c);
	*orgs = sc.n;
	return rc ? rc : count(g, 0, STORE_DUE_ANY, records, e);
}

/* ---- main ------------------------------------------------------------------
 */

static int usage(void)
{
	fprintf(stderr,
		"usage: bench_gen_disclosure --db PATH [--orgs 200] "
		"[--records 1000000] [--batch 2000] [--job 20] [--seed 4] "
		"[--force]\n");
	return 2;
}

static int remove_db(const char *db)
{
	static const char *const sfx[] = {"", "-wal", "-shm", ".credentials"};
	char p[4096];
	size_t i;

	for (i = 0; i < N_OF(sfx); i++) {
		snprintf(p, sizeof(p), "%s%s", db, sfx[i]);
		if (unlink(p) != 0 && errno != ENOENT) {
			perror(p);
			return -1;
		}
	}
	return 0;
}

/* `fazhi init ARGS...` in this process (cmd_init takes a mutable argv). */
static int run_init(const char *db, const char *cred)
{
	char a0[] = "init", a1[] = "--db", a3[] = "--demo",
	     a4[] = "--credentials";
	char path[4096], credp[4096];
	char *argv[7] = {a0, a1, path, NULL, NULL, NULL, NULL};

	snprintf(path, sizeof(path), "%s", db);
	if (cred) {
		snprintf(credp, sizeof(credp), "%s", cred);
		argv[3] = a3;
		argv[4] = a4;
		argv[5] = credp;
	}
	return cmd_init(cred ? 6 : 3, argv);
}

/* A new database with the demo organisations and accounts, their
 * passwords in PATH.credentials. */
static int make_db(const char *db)
{
	char cred[4096];

	snprintf(cred, sizeof(cred), "%s.credentials", db);
	fprintf(stderr,
		"bench_gen_disclosure: fazhi init --db %s --demo "
		"--credentials %s\n",
		db, cred);
	return run_init(db, cred);
}

/* An existing database: `fazhi init --db PATH` brings an older schema up
 * to date (and refuses a newer one). */
static int migrate_db(const char *db)
{
	return run_init(db, NULL);
}

int main(int argc, char **argv)
{
	static struct gen g;
	const char *db = NULL;
	long long orgs = 200, records = 1000000, batch = 2000, seed = 4;
	long long per_job = 20;
	int force = 0, i, rc;
	int64_t have_orgs, have_records, best = 0, best_total = 0,
					 best_overdue = -1;
	struct fz_err e;
	struct stat sb;
	double t0, tl;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--force"))
			force = 1;
		else if (i + 1 >= argc)
			return usage();
		else if (!strcmp(a, "--db"))
			db = argv[++i];
		else if (!strcmp(a, "--orgs"))
			orgs = atoll(argv[++i]);
		else if (!strcmp(a, "--records"))
			records = atoll(argv[++i]);
		else if (!strcmp(a, "--batch"))
			batch = atoll(argv[++i]);
		else if (!strcmp(a, "--job"))
			per_job = atoll(argv[++i]);
		else if (!strcmp(a, "--seed"))
			seed = atoll(argv[++i]);
		else
			return usage();
	}
	if (!db || orgs < 1 || orgs > MAX_ORGS || records < 1 ||
	    records > 100000000 || batch < 1 || per_job < 1 ||
	    batch / per_job > 4000)
		return usage();
	if (force && remove_db(db))
		return 1;
	if (stat(db, &sb) != 0 ? make_db(db) != 0 : migrate_db(db) != 0)
		return 1;

	fz_err_clear(&e);
	if (store_open(&g.s, db, STORE_SERVE, &e)) {
		fprintf(stderr, "bench_gen_disclosure: %s\n", e.msg);
		return 1;
	}
	if (api_app_open(&g.app, g.s, NULL, &e)) {
		fprintf(stderr, "bench_gen_disclosure: kinds: %s\n", e.msg);
		store_close(g.s);
		return 1;
	}
	rc = 1;
	g.k = kind_find(&g.app.kinds, "disclosure_request");
	g.today = api_today();
	g.norgs = orgs;
	g.nrecords = records;
	g.cal = cal_new();
	if (!g.k) {
		fprintf(stderr,
			"bench_gen_disclosure: no kind disclosure_request\n");
		goto out;
	}
	{
		struct store_conn *c = store_rd_acquire(g.s);
		int lrc = lt_calendar_load(c, g.cal, &e);
		store_rd_release(g.s, c);
		if (lrc || cal_date_make(2023, 1, 1, &g.first_day, NULL, &e)) {
			fprintf(stderr, "bench_gen_disclosure: %s\n", e.msg);
			goto out;
		}
		g.ndays = 731; /* 2023-01-01..2024-12-31 */
	}
	if (existing(&g, &have_orgs, &have_records, &e)) {
		fprintf(stderr, "bench_gen_disclosure: %s\n", e.msg);
		goto out;
	}
	if (have_orgs == orgs && have_records == records) {
		fprintf(stderr,
			"bench_gen_disclosure: %s already holds %lld requests "
			"over %lld organisations: reused (--force to "
			"regenerate)\n",
			db, (long long)records, (long long)orgs);
		printf("reused\n");
	} else if (have_orgs || have_records) {
		fprintf(stderr,
			"bench_gen_disclosure: %s holds %lld requests and %lld "
			"generated organisations, not %lld and %lld: use "
			"--force to regenerate\n",
			db, (long long)have_records, (long long)have_orgs,
			(long long)records, (long long)orgs);
		goto out;
	} else {
		double sum = 0, acc = 0, dt;
		int64_t j;

		rng_state = 0x9E3779B97F4A7C15ULL ^ (uint64_t)seed;
		if (store_write(g.s, orgs_fn, &g, &e)) {
			fprintf(stderr,
				"bench_gen_disclosure: organisations: %s\n",
				e.msg);
			goto out;
		}
		for (j = 0; j < g.norgs; j++)
			sum += 1.0 / (1.0 + (double)j / 20.0);
		for (j = 0; j < g.norgs; j++) {
			acc += 1.0 / (1.0 + (double)j / 20.0) / sum;
			g.cum[j] = acc;
		}
		g.cum[g.norgs - 1] = 1.0;
		fprintf(stderr,
			"bench_gen_disclosure: %lld organisations added; "
			"%lld requests in batches of %lld (jobs of %lld)\n",
			(long long)orgs, (long long)records, (long long)batch,
			(long long)per_job);
		t0 = tl = now_s();
		for (g.next = 0; g.next < g.nrecords; g.next = g.batch_end) {
			g.batch_end = g.next + batch;
			if (g.batch_end > g.nrecords)
				g.batch_end = g.nrecords;
			if (run_batch(&g, per_job, &e)) {
				fprintf(
				    stderr,
				    "bench_gen_disclosure: batch from record "
				    "%lld: %s\n",
				    (long long)g.next, e.msg);
				goto out;
			}
			if (now_s() - tl >= 10 || g.batch_end == g.nrecords) {
				tl = now_s();
				dt = tl - t0;
				fprintf(stderr,
					"  %lld/%lld requests, %.0f s, %.0f "
					"requests/s, %.0f changes/s\n",
					(long long)g.batch_end,
					(long long)records, dt,
					(double)g.batch_end / dt,
					(double)g.changes / dt);
			}
		}
		dt = now_s() - t0;
		fprintf(stderr,
			"bench_gen_disclosure: %lld requests (%lld changes, "
			"%.2f per request) in %.0f s: %.0f requests/s, %.0f "
			"changes/s\n",
			(long long)records, (long long)g.changes,
			(double)g.changes / (double)records, dt,
			(double)records / dt, (double)g.changes / dt);
		printf("generated\n");
		printf("generate_seconds %.0f\n", dt);
		printf("generate_rate %.0f\n", (double)records / dt);
		/* the organisations as listed (the same ids) */
		if (existing(&g, &have_orgs, &have_records, &e)) {
			fprintf(stderr, "bench_gen_disclosure: %s\n", e.msg);
			goto out;
		}
	}
	/* The organisation with the most overdue requests today. */
	for (i = 0; i < orgs; i++) {
		int64_t overdue, total;
		if (count(&g, g.org_ids[i], STORE_DUE_OVERDUE, &overdue, &e) ||
		    count(&g, g.org_ids[i], STORE_DUE_ANY, &total, &e)) {
			fprintf(stderr, "bench_gen_disclosure: %s\n", e.msg);
			goto out;
		}
		if (overdue > best_overdue) {
			best = g.org_ids[i];
			best_overdue = overdue;
			best_total = total;
		}
	}
	printf("records %lld\norgs %lld\n", (long long)have_records,
	       (long long)have_orgs);
	printf("list_org %lld records %lld overdue %lld\n", (long long)best,
	       (long long)best_total, (long long)best_overdue);
	rc = 0;
out:
	cal_free(g.cal);
	api_app_close(&g.app);
	store_close(g.s);
	return rc;
}
