/*
 * generate.c - synthetic years (see generate.h).
 */
#include "generate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rng { uint64_t s; } rng;

static uint64_t next(rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ULL;
}

static double uniform(rng *r)
{
	return (double)(next(r) >> 11) / 9007199254740992.0;
}

/* How often each procedure is asked for: the radiation-safety and
 * standards procedures dominate the department's one-stop work. */
static const struct { const char *code; int weight; } weights[] = {
	{ "2.002131", 30 }, { "1.000173", 20 }, { "qng.atbx.01", 14 }, { "qng.atbx.02", 8 },
	{ "qng.atbx.04", 5 }, { "qng.tdc.01", 10 }, { "qng.tdc.09", 6 }, { "qng.tdc.10", 6 },
	{ "2.002382", 4 }, { "qng.atbx.03", 4 }, { "qng.khcn.13", 3 }, { "qng.khcn.14", 2 },
};

static const char *const applicants[] = {
	"Bệnh viện Đa khoa tỉnh Quảng Ngãi", "Phòng khám Đa khoa Sơn Tịnh", "Phòng khám Nha khoa Minh Tâm",
	"Bệnh viện Đa khoa Đặng Thùy Trâm", "Công ty CP Thiết bị Y tế Miền Trung", "Trung tâm Y tế huyện Bình Sơn",
	"Công ty TNHH Nhựa Dung Quất", "Hộ kinh doanh Nguyễn Văn An", "Công ty CP Đường Quảng Ngãi",
	"Công ty TNHH Thép Hòa Phát Dung Quất", "Phòng khám Đa khoa Ba Tơ", "Bệnh viện Mỹ Đức",
	"Công ty CP Nước khoáng Thạch Bích", "Trường Đại học Phạm Văn Đồng", "Công ty TNHH Cơ khí Phổ Thạnh",
};

static int plan_push(mc_plan *p, mc_time at, uint32_t d, uint16_t seq, mc_action a,
		     const char *actor, const char *note)
{
	if (p->nactions == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024;
		mc_plan_action *bigger = realloc(p->actions, cap * sizeof *bigger);
		if (!bigger)
			return -1;
		p->actions = bigger;
		p->cap = cap;
	}
	mc_plan_action *x = &p->actions[p->nactions++];
	x->at = at;
	x->dossier = d;
	x->seq = seq;
	x->action = (uint8_t)a;
	x->actor = actor;
	x->note = note;
	return 0;
}

static const char *actor_for(const char *unit)
{
	if (!strcmp(unit, "mot_cua")) return "nv.motcua";
	if (!strcmp(unit, "lanh_dao")) return "ld.giamdoc";
	if (!strcmp(unit, "qlcnganh")) return "cv.qlcnganh";
	if (!strcmp(unit, "tdc")) return "cv.tdc";
	if (!strcmp(unit, "qlkh")) return "cv.qlkh";
	return "cv.chuyenvien";
}

/* Plan one dossier; returns the number of actions added, or -1 if the plan
 * would not replay (then nothing is added). */
static int plan_dossier(mc_plan *p, uint32_t idx, const mc_version *v, const mc_calendar *cal,
			mc_time at, rng *r, const mc_plan_opts *o)
{
	size_t mark = p->nactions;
	mc_dossier d;
	uint16_t seq = 0;
	if (mc_dossier_receive(&d, v, cal, at, "nv.motcua", NULL))
		return -1;
#define DO(act, when, who, note) do { \
		if (mc_dossier_apply(&d, act, when, who, note, NULL) || \
		    plan_push(p, when, idx, seq++, act, who, note)) \
			goto undo; \
	} while (0)
	if (plan_push(p, at, idx, seq++, MC_ACT_RECEIVE, "nv.motcua", NULL))
		goto undo;
	mc_time t = at;
	double fate = uniform(r);
	int32_t tet = 0;
	{       /* Tết of the year the dossier is received in */
		int y, m, dd;
		mc_civil_from_days(mc_time_day(at), &y, &m, &dd);
		tet = mc_days_from_civil(y + (m == 12), 1, 1);
		for (int32_t x = tet; x < tet + 60; x++) {
			mc_day_info info;
			if (mc_calendar_day(cal, x, &info, NULL) == MC_OK && info.kind == MC_DAY_HOLIDAY &&
			    info.name && strstr(info.name, "Tết Nguyên")) {
				tet = x;
				break;
			}
		}
	}
	for (int k = 0; k < (int)v->nsteps; k++) {
		const mc_step *s = &v->steps[k];
		int64_t share = (int64_t)s->halves * (MC_TICKS_PER_DAY / 2);
		/* a share in calendar days holds about 5/7 as much working time */
		if (mc_step_share(v, (size_t)k).unit == MC_UNIT_DAYS)
			share = share * 5 / 7;
		const char *who = actor_for(s->unit);
		if (k == 1 && fate < 0.08) {
			mc_time req, got;
			mc_calendar_add_ticks(cal, t, (int64_t)(share * 0.3), &req, NULL);
			DO(MC_ACT_SUPPLEMENT_REQUEST, req, who, "Đề nghị bổ sung tài liệu kỹ thuật");
			mc_calendar_add_ticks(cal, req, (1 + next(r) % 5) * MC_TICKS_PER_DAY, &got, NULL);
			DO(MC_ACT_SUPPLEMENT_RECEIVED, got, "nv.motcua", NULL);
			t = got;
			if (fate < 0.015) {     /* a second request: flagged in the reports */
				mc_calendar_add_ticks(cal, t, MC_TICKS_PER_DAY / 2, &req, NULL);
				DO(MC_ACT_SUPPLEMENT_REQUEST, req, who, "Bổ sung lần hai: bản vẽ mặt bằng");
				mc_calendar_add_ticks(cal, req, 2 * MC_TICKS_PER_DAY, &got, NULL);
				DO(MC_ACT_SUPPLEMENT_RECEIVED, got, "nv.motcua", NULL);
				t = got;
			}
		}
		if (k == 1 && fate >= 0.08 && fate < 0.11) {
			mc_time ps, rs;
			mc_calendar_add_ticks(cal, t, MC_TICKS_PER_DAY / 2, &ps, NULL);
			DO(MC_ACT_PAUSE, ps, who, "Tạm dừng chờ kết quả kiểm định thiết bị");
			mc_calendar_add_ticks(cal, ps, (1 + next(r) % 3) * MC_TICKS_PER_DAY, &rs, NULL);
			DO(MC_ACT_RESUME, rs, who, NULL);
			t = rs;
		}
		if (k == 1 && fate >= 0.11 && fate < 0.12) {
			mc_time w;
			mc_calendar_add_ticks(cal, t, MC_TICKS_PER_DAY / 2, &w, NULL);
			DO(MC_ACT_WITHDRAW, w, "nv.motcua", "Tổ chức có văn bản xin rút hồ sơ");
			return (int)(p->nactions - mark);
		}
		if (k == 1 && fate >= 0.12 && fate < 0.13) {
			mc_time w;
			mc_calendar_add_ticks(cal, t, MC_TICKS_PER_DAY, &w, NULL);
			DO(MC_ACT_REFUSE, w, who, "Cơ sở không đáp ứng điều kiện về an toàn bức xạ");
			return (int)(p->nactions - mark);
		}
		double frac = 0.25 + 0.6 * uniform(r);
		mc_time done;
		mc_calendar_add_ticks(cal, t, (int64_t)(share * frac) + 600, &done, NULL);
		int32_t day = mc_time_day(t);
		/* the leader signs late around Tết and during the business trip */
		if (!strcmp(s->unit, "lanh_dao") &&
		    ((day >= tet - 6 && day < tet) ||
		     (o->trip_from && day >= o->trip_from && day <= o->trip_to))) {
			int32_t back = day < tet && day >= tet - 6 ? tet + 8 : o->trip_to + 1;
			mc_time b = mc_time_make(back, 7 * 3600);
			mc_calendar_add_ticks(cal, b, MC_TICKS_PER_DAY + (int64_t)(next(r) % 3) * MC_TICKS_PER_DAY, &done, NULL);
		}
		DO(k + 1 < (int)v->nsteps ? MC_ACT_FORWARD : MC_ACT_RESULT_READY, done, who, NULL);
		t = done;
	}
	if (uniform(r) < 0.92) {
		mc_time ret;
		mc_calendar_add_ticks(cal, t, (int64_t)(next(r) % 3) * (MC_TICKS_PER_DAY / 2) + 1800, &ret, NULL);
		DO(MC_ACT_RETURN, ret, "nv.motcua", NULL);
	}
#undef DO
	return (int)(p->nactions - mark);
undo:
	p->nactions = mark;
	return -1;
}

void mc_plan_free(mc_plan *p)
{
	if (!p)
		return;
	free(p->dossiers);
	free(p->actions);
	memset(p, 0, sizeof *p);
}

static int by_time(const void *a, const void *b)
{
	const mc_plan_action *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->dossier != y->dossier)
		return x->dossier < y->dossier ? -1 : 1;
	return (int)x->seq - (int)y->seq;
}

int mc_plan_make(mc_plan *out, const mc_catalog *cat, const mc_calendar *cal,
		 const mc_plan_opts *o, mc_error *err)
{
	mc_plan p;
	memset(&p, 0, sizeof p);
	rng r = { o->seed ? o->seed * 0x9E3779B97F4A7C15ULL : 88172645463325252ULL };
	/* the working days of the period */
	int32_t *days = malloc(sizeof *days * (size_t)(o->to - o->from + 1));
	size_t ndays = 0;
	if (!days)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	for (int32_t d = o->from; d <= o->to; d++) {
		mc_day_info info;
		if (mc_calendar_day(cal, d, &info, NULL) == MC_OK && info.working)
			days[ndays++] = d;
	}
	int total_w = 0;
	for (size_t i = 0; i < sizeof weights / sizeof weights[0]; i++)
		total_w += weights[i].weight;
	p.dossiers = calloc(o->dossiers ? (size_t)o->dossiers : 1, sizeof *p.dossiers);
	if (!ndays || !p.dossiers) {
		free(days);
		mc_plan_free(&p);
		return mc_error_set(err, MC_ERR_USAGE, "no working day in the period, or out of memory");
	}
	for (long i = 0; i < o->dossiers; i++) {
		int32_t day = days[next(&r) % ndays];
		mc_time at = mc_time_make(day, 7 * 3600 + 900 + (int32_t)(next(&r) % (9 * 3600)));
		/* skip lunch: receipts happen in office hours */
		int32_t secs = mc_time_secs(at);
		if (secs > 11 * 3600 + 1800 && secs < 13 * 3600 + 1800)
			at += 2 * 3600;
		int w = (int)(next(&r) % (uint64_t)total_w);
		const mc_procedure *pr = NULL;
		for (size_t k = 0; k < sizeof weights / sizeof weights[0]; k++) {
			if (w < weights[k].weight) {
				pr = mc_catalog_find(cat, weights[k].code);
				break;
			}
			w -= weights[k].weight;
		}
		const mc_version *v = pr ? mc_catalog_version_at(pr, day) : NULL;
		if (!v || !v->statutory_known)
			continue;
		double c = uniform(&r);
		mc_channel channel = c < 0.82 ? MC_CH_ONLINE : c < 0.93 ? MC_CH_POST : MC_CH_IN_PERSON;
		if (channel == MC_CH_ONLINE && !(pr->channels & MC_CHANNEL_ONLINE))
			channel = MC_CH_POST;
		uint32_t idx = (uint32_t)p.ndossiers;
		mc_plan_dossier *pd = &p.dossiers[idx];
		pd->procedure = pr->code;
		pd->channel = channel;
		snprintf(pd->applicant, sizeof pd->applicant, "%s",
			 applicants[next(&r) % (sizeof applicants / sizeof applicants[0])]);
		if (plan_dossier(&p, idx, v, cal, at, &r, o) > 0)
			p.ndossiers++;
	}
	free(days);
	qsort(p.actions, p.nactions, sizeof *p.actions, by_time);
	*out = p;
	return MC_OK;
}

int mc_plan_run(const mc_store_ctx *ctx, mc_plan *p, int32_t until,
		int (*on_night)(int32_t day, void *arg), void *arg,
		void (*progress)(size_t done, size_t total, void *arg), mc_error *err)
{
	/* a plan is history: its moments are logged with why they are not now */
	mc_store_ctx sc = *ctx;
	if (!sc.backdate_reason)
		sc.backdate_reason = "dữ liệu mẫu (motcua generate)";
	const mc_store_ctx *s = &sc;
	int32_t night = p->nactions ? mc_time_day(p->actions[0].at) : until + 1;
	for (size_t i = 0; i < p->nactions; i++) {
		const mc_plan_action *a = &p->actions[i];
		int32_t day = mc_time_day(a->at);
		for (; on_night && night <= day; night++) {
			int rc = on_night(night, arg);
			if (rc)
				return rc;
		}
		mc_plan_dossier *d = &p->dossiers[a->dossier];
		int rc;
		if (a->action == MC_ACT_RECEIVE) {
			int existed;
			mc_dossier_info info;
			mc_receipt r = { .procedure = d->procedure, .channel = d->channel,
					 .applicant = d->applicant, .actor = a->actor, .at = a->at };
			rc = mc_store_receive(s, &r, &info, &existed, err);
			if (!rc) {
				snprintf(d->code, sizeof d->code, "%s", info.code);
				mc_dossier_info_clear(&info);
			}
		} else {
			mc_act act = { .action = (mc_action)a->action, .at = a->at, .actor = a->actor,
				       .note = a->note };
			rc = mc_store_act(s, d->code, &act, NULL, err);
		}
		if (rc)
			return rc;
		if (progress && (i % 200 == 0 || i + 1 == p->nactions))
			progress(i + 1, p->nactions, arg);
	}
	for (; on_night && night <= until; night++) {
		int rc = on_night(night, arg);
		if (rc)
			return rc;
	}
	return MC_OK;
}
