/*
 * import.c - the CSV history import (see import.h).
 */
#include "import.h"
#include "csv.h"

#include <stdio.h>
#include <string.h>

enum { COL_DOSSIER, COL_AT, COL_ACTION, COL_PROCEDURE, COL_CHANNEL, COL_APPLICANT,
       COL_ACTOR, COL_NOTE, NCOLS };

static const char *const col_names[NCOLS] = {
	"dossier", "at", "action", "procedure", "channel", "applicant", "actor", "note"
};

/* Put "file:line: " in front of an error raised while applying a row. */
static int at_line(mc_error *err, const char *path, int line, int rc)
{
	if (err && !err->file[0]) {
		snprintf(err->file, sizeof err->file, "%s", path);
		err->line = line;
		err->column = 1;
	}
	/* a refused or unknown row is bad input for the import as a whole */
	if (err && (rc == MC_ERR_REFUSED || rc == MC_ERR_NOTFOUND || rc == MC_ERR_USAGE))
		err->code = rc = MC_ERR_INPUT;
	return rc;
}

static int import_rows(const mc_store_ctx *s, mc_csv *c, mc_import_stats *st, mc_error *err)
{
	const char *f[MC_CSV_MAX_FIELDS];
	size_t n;
	int line, got, map[NCOLS];
	if ((got = mc_csv_next(c, f, &n, &line, err)) <= 0)
		return got < 0 ? -got : mc_error_at(err, MC_ERR_INPUT, c->path, 1, 1, "the file is empty");
	for (int k = 0; k < NCOLS; k++) {
		map[k] = -1;
		for (size_t i = 0; i < n; i++)
			if (!strcmp(f[i], col_names[k]))
				map[k] = (int)i;
		if (map[k] < 0)
			return mc_error_at(err, MC_ERR_INPUT, c->path, line, 1,
					   "the header lacks the column '%s' (expected: dossier,at,action,procedure,channel,applicant,actor,note)",
					   col_names[k]);
	}
	size_t ncols = n;
	while ((got = mc_csv_next(c, f, &n, &line, err)) == 1) {
		if (n == 1 && !f[0][0])
			continue;      /* a blank line */
		if (n != ncols)
			return mc_error_at(err, MC_ERR_INPUT, c->path, line, 1,
					   "%zu fields, the header has %zu", n, ncols);
		const char *v[NCOLS];
		for (int k = 0; k < NCOLS; k++)
			v[k] = f[map[k]];
		st->rows++;
		if (!v[COL_DOSSIER][0])
			return mc_error_at(err, MC_ERR_INPUT, c->path, line, 1, "the dossier reference is empty");
		mc_time at;
		mc_error e2;
		if (mc_parse_moment(v[COL_AT], &at, &e2))
			return mc_error_at(err, MC_ERR_INPUT, c->path, line, map[COL_AT] + 1, "%s", e2.message);
		mc_action a;
		/* apologies are letters (motcua apology); corrections name a field */
		if (mc_action_parse(v[COL_ACTION], &a) || a == MC_ACT_APOLOGY || a == MC_ACT_CORRECT)
			return mc_error_at(err, MC_ERR_INPUT, c->path, line, map[COL_ACTION] + 1,
					   "unknown action '%s'", v[COL_ACTION]);
		const char *actor = v[COL_ACTOR][0] ? v[COL_ACTOR] : "import";
		const char *note = v[COL_NOTE][0] ? v[COL_NOTE] : NULL;
		int rc;
		if (a == MC_ACT_RECEIVE) {
			mc_receipt r = {
				.procedure = v[COL_PROCEDURE], .applicant = v[COL_APPLICANT],
				.external_ref = v[COL_DOSSIER], .code = v[COL_DOSSIER],
				.actor = actor, .at = at
			};
			mc_dossier_info info;
			int existed;
			if (!r.procedure[0] || !v[COL_CHANNEL][0] || !r.applicant[0])
				return mc_error_at(err, MC_ERR_INPUT, c->path, line, 1,
						   "a receive row needs procedure, channel and applicant");
			if (mc_channel_parse(v[COL_CHANNEL], &r.channel))
				return mc_error_at(err, MC_ERR_INPUT, c->path, line, map[COL_CHANNEL] + 1,
						   "unknown channel '%s' (expected in_person, post or online)",
						   v[COL_CHANNEL]);
			mc_error_clear(err);
			if ((rc = mc_store_receive_in_tx(s, &r, &info, &existed, err)))
				return at_line(err, c->path, line, rc);
			mc_dossier_info_clear(&info);
			st->dossiers++;
		} else {
			char code[MC_CODE_MAX];
			mc_error_clear(err);
			if ((rc = mc_store_find_ref(s, v[COL_DOSSIER], code, sizeof code, err)) ||
			    (rc = mc_store_act_in_tx(s, code, &(mc_act){ .action = a, .at = at,
					.actor = actor, .note = note }, NULL, err)))
				return at_line(err, c->path, line, rc);
			st->actions++;
		}
	}
	return got < 0 ? -got : MC_OK;
}

int mc_import_csv(const mc_store_ctx *ctx, const char *path, const char *text, size_t len,
		  mc_import_stats *stats, mc_error *err)
{
	mc_csv c;
	mc_import_stats st = { 0 };
	/* a NUL would end every C string at it: refuse the file, naming the line */
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		int line = 1;
		for (const char *q = text; q < nul; q++)
			line += *q == '\n';
		return mc_error_at(err, MC_ERR_INPUT, path, line, (int)(nul - text) + 1,
				   "the file contains a NUL byte");
	}
	/* imported actions are history: logged with why their moment is not now */
	char reason[300];
	mc_store_ctx sc = *ctx;
	if (!sc.backdate_reason) {
		snprintf(reason, sizeof reason, "nhập lịch sử từ %s", path);
		sc.backdate_reason = reason;
	}
	const mc_store_ctx *s = &sc;
	mc_csv_init(&c, path, text, len);
	int rc = mc_db_begin(s->db, err);
	if (!rc)
		rc = import_rows(s, &c, &st, err);
	if (!rc)
		rc = mc_db_commit(s->db, err);
	if (rc)
		mc_db_rollback(s->db);
	mc_csv_free(&c);
	if (!rc)
		*stats = st;
	return rc;
}
