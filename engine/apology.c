/*
 * apology.c - apology letters (see apology.h).
 */
#include "apology.h"
#include "forms.h"
#include "nightly.h"
#include "slip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mc_apology_draft(const mc_store_ctx *s, const mc_dossier_info *info, mc_time at,
		     mc_time new_appointment, mc_apology *out, mc_error *err)
{
	const mc_dossier *d = &info->d;
	mc_apology a;
	memset(&a, 0, sizeof a);
	if (!mc_dossier_allowed(d, MC_ACT_APOLOGY)) {
		char where[200];
		mc_dossier_describe_state(d, where, sizeof where);
		return mc_error_set(err, MC_ERR_REFUSED,
				    "dossier '%s' is in %s: only an open dossier gets an apology",
				    info->code, where);
	}
	a.issued_at = at;
	a.original_due = d->due_at;
	int y, m, dd;
	mc_civil_from_days(mc_time_day(at), &y, &m, &dd);
	a.year = y;
	int rc = mc_calendar_prev_close(s->cal, mc_time_day(d->due_at), &a.deadline, err);
	if (rc)
		return rc;
	a.late = at > a.deadline;
	if (new_appointment) {
		if (new_appointment <= at)
			return mc_error_set(err, MC_ERR_USAGE,
					    "the new appointment must be after the letter's date");
		a.new_appointment = new_appointment;
	} else {
		/* the remaining steps' shares, counted from now with the same
		 * calendar; at least half a working day */
		int64_t left = mc_nightly_remaining(s->cal, d->version, d->step,
						    d->steps[d->step].due, at);
		if (left < MC_TICKS_PER_DAY / 2)
			left = MC_TICKS_PER_DAY / 2;
		if ((rc = mc_calendar_add_ticks(s->cal, at, left, &a.new_appointment, err)))
			return rc;
	}
	*out = a;
	return MC_OK;
}

int mc_apology_issue(const mc_store_ctx *s, const mc_apology_req *r, mc_apology *out,
		     mc_error *err)
{
	mc_dossier_info info;
	PGresult *res = NULL;
	mc_apology a;
	if (!r->reason || !*r->reason)
		return mc_error_set(err, MC_ERR_USAGE, "an apology states its reason (--reason)");
	if (r->force && (!r->force_reason || !*r->force_reason))
		return mc_error_set(err, MC_ERR_USAGE, "--force needs --force-reason");
	int rc = mc_db_begin(s->db, err);
	if (rc)
		return rc;
	if ((rc = mc_store_dossier_get(s, r->code, &info, err)))
		goto out;
	if ((rc = mc_apology_draft(s, &info, r->at, r->new_appointment, &a, err)))
		goto done;
	if (info.d.apologies >= 1 && !r->force) {
		rc = mc_error_set(err, MC_ERR_REFUSED,
				  "the appointment of dossier '%s' was already re-set once; a second re-set needs --force and --force-reason",
				  r->code);
		goto done;
	}
	a.forced = info.d.apologies >= 1;
	char year[8];
	snprintf(year, sizeof year, "%d", a.year);
	const char *cp[] = { s->cat->agency->id, year };
	if ((rc = mc_db_exec(s->db,
			     "INSERT INTO motcua.apology_counter (agency_id, year, last) VALUES ($1, $2::int, 1) "
			     "ON CONFLICT (agency_id, year) DO UPDATE SET last = apology_counter.last + 1 "
			     "RETURNING last", 2, cp, &res, err)))
		goto done;
	a.number = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	res = NULL;
	char num[16], issued[40], due[40], appt[40], deadline[40], note[600];
	snprintf(num, sizeof num, "%d", a.number);
	mc_format_moment(issued, sizeof issued, a.issued_at);
	mc_format_moment(due, sizeof due, a.original_due);
	mc_format_moment(appt, sizeof appt, a.new_appointment);
	mc_format_moment(deadline, sizeof deadline, a.deadline);
	const char *ip[] = {
		s->cat->agency->id, year, num, r->code, issued, r->by ? r->by : "", r->reason,
		due, appt, deadline, a.late ? "t" : "f", a.forced ? "t" : "f",
		a.forced ? r->force_reason : NULL, mc_regime_at(mc_time_day(a.issued_at))->circular
	};
	if ((rc = mc_db_exec(s->db,
			     "INSERT INTO motcua.apology (agency_id, year, number, code, issued_at, issued_by, "
			     "reason, original_due, new_appointment, deadline, late, forced, force_reason, regime) "
			     "VALUES ($1, $2::int, $3::int, $4, $5::timestamptz, $6, $7, $8::timestamptz, "
			     "$9::timestamptz, $10::timestamptz, $11::boolean, $12::boolean, $13, $14)",
			     14, ip, NULL, err)))
		goto done;
	snprintf(note, sizeof note, "Số %d/%d: %s%s%s", a.number, a.year, r->reason,
		 a.forced ? "; hẹn lại lần hai: " : "", a.forced ? r->force_reason : "");
	rc = mc_store_act_in_tx(s, r->code, MC_ACT_APOLOGY, r->at, r->by, note, err);
done:
	mc_dossier_info_clear(&info);
out:
	if (!rc)
		rc = mc_db_commit(s->db, err);
	if (rc)
		mc_db_rollback(s->db);
	else
		*out = a;
	return rc;
}

void mc_apology_letter(mc_document *doc, const mc_agency *ag, const mc_dossier_info *info,
		       const mc_apology *a, const char *reason)
{
	const mc_regime *r = mc_regime_at(mc_time_day(a->issued_at));
	int new_regime = strstr(r->circular, "03/2025") != NULL;
	char t1[64], t2[64], d[16];
	int y, m, dd;
	mc_buf *b = &doc->body;
	doc->paper = "A4";
	doc->left[0] = ag->letterhead_parent;
	doc->left[1] = ag->letterhead_name;
	doc->right[0] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
	doc->right[1] = "Độc lập - Tự do - Hạnh phúc";
	mc_civil_from_days(mc_time_day(a->issued_at), &y, &m, &dd);
	if (a->number)
		snprintf(doc->above_buf, sizeof doc->above_buf,
			 "Số: %d/XL-SKHCN%*s%s, ngày %02d tháng %02d năm %d", a->number, 20, "",
			 ag->province, dd, m, y);
	else
		snprintf(doc->above_buf, sizeof doc->above_buf,
			 "Số: ..../XL-SKHCN (DỰ THẢO)%*s%s, ngày %02d tháng %02d năm %d", 10, "",
			 ag->province, dd, m, y);
	doc->above_title = doc->above_buf;
	doc->title = r->apology_title;
	snprintf(doc->subtitle_buf, sizeof doc->subtitle_buf, "(%s, %s)", r->apology_form, r->circular);
	doc->subtitle = doc->subtitle_buf;
	mc_buf_addf(b, "Kính gửi: %s\n", info->applicant_name);
	if (info->applicant_address)
		mc_buf_addf(b, "Địa chỉ: %s\n", info->applicant_address);
	mc_buf_add(b, "\n");
	mc_format_date_vn(d, sizeof d, mc_time_day(info->d.received_at));
	mc_buf_addf(b, "Ngày %s, %s tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính: %s.\n",
		    d, ag->name, info->procedure->name);
	mc_buf_addf(b, "Mã hồ sơ: %s.\n", info->code);
	mc_format_moment_vn(t1, sizeof t1, a->original_due);
	mc_buf_addf(b, "Thời hạn trả kết quả giải quyết hồ sơ ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả: %s.\n", t1);
	mc_buf_addf(b, "Tuy nhiên, đến nay %s chưa thể trả kết quả giải quyết hồ sơ đúng thời hạn nêu trên.\n",
		    ag->name);
	mc_buf_addf(b, "Lý do: %s.\n", reason);
	mc_format_moment_vn(t2, sizeof t2, a->new_appointment);
	if (new_regime)
		mc_buf_addf(b, "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà/Tổ chức. "
			    "%s trân trọng xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ đến %s.\n",
			    ag->name, t2);
	else
		mc_buf_addf(b, "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà/Tổ chức. "
			    "%s trân trọng xin lỗi Ông/Bà/Tổ chức và hẹn lại ngày trả kết quả: %s.\n",
			    ag->name, t2);
	mc_buf_add(b, "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà/Tổ chức.\n\n");
	mc_buf_add(b, "Nơi nhận:\n- Như trên;\n- Bộ phận Một cửa (Trung tâm Phục vụ hành chính công tỉnh);\n"
		   "- Lưu: VT, hồ sơ.\n");
	doc->sign[0] = "THỦ TRƯỞNG CƠ QUAN";
	doc->sign[1] = "(Ký, ghi rõ họ tên và đóng dấu)";
}

int mc_apology_pending(const mc_store_ctx *s, mc_time at,
		       int (*fn)(const char *code, void *arg), void *arg, mc_error *err)
{
	char last[96] = "";
	for (;;) {
		PGresult *res = NULL;
		const char *p[] = { s->cat->agency->id, last };
		int rc = mc_db_exec(s->db,
				    "SELECT d.code, d.procedure_code, d.procedure_version, "
				    "coalesce(d.step_index, 0) AS step_index, "
				    "extract(epoch FROM d.due_at)::bigint AS due, "
				    "coalesce(extract(epoch FROM d.step_due_at)::bigint, 0) AS step_due "
				    "FROM motcua.dossier d WHERE d.agency_id = $1 AND d.state = 'in_step' "
				    "AND d.code > $2 AND NOT EXISTS (SELECT 1 FROM motcua.apology a "
				    "WHERE a.agency_id = d.agency_id AND a.code = d.code) "
				    "ORDER BY d.code LIMIT 1000", 2, p, &res, err);
		if (rc)
			return rc;
		int n = PQntuples(res);
		for (int r = 0; r < n && !rc; r++) {
			const mc_procedure *pr = mc_catalog_find(s->cat, mc_db_get(res, r, "procedure_code"));
			int vn = atoi(mc_db_get(res, r, "procedure_version"));
			if (!pr || vn < 1 || (size_t)vn > pr->nversions)
				continue;
			mc_time due = atoll(mc_db_get(res, r, "due")), finish;
			int64_t left = mc_nightly_remaining(s->cal, &pr->versions[vn - 1],
							    atoi(mc_db_get(res, r, "step_index")),
							    atoll(mc_db_get(res, r, "step_due")), at);
			if (mc_calendar_add_ticks(s->cal, at, left, &finish, NULL) == MC_OK &&
			    (due < at || finish > due))
				rc = fn(mc_db_get(res, r, "code"), arg);
		}
		if (n)
			snprintf(last, sizeof last, "%s", PQgetvalue(res, n - 1, 0));
		PQclear(res);
		if (rc)
			return rc;
		if (n < 1000)
			return MC_OK;
	}
}
