/*
 * catalog.h - the procedure catalogue: one YAML file per procedure under
 * procedures/catalog/, each with its versions (effective dates, legal basis,
 * statutory and shortened times, supplement policy, internal steps), and the
 * catalogue sets of procedures/sets.yaml.
 *
 * A dossier is handled under the version in force on the day it was
 * received (mc_catalog_version_at). Facts the sources did not give are
 * written "unknown" in the files and reported by mc_catalog_gaps; a
 * procedure whose time is unknown receives dossiers only with an
 * appointment the office sets by hand (mc_dossier_receive_manual).
 */
#ifndef MOTCUA_CATALOG_H
#define MOTCUA_CATALOG_H

#include <stddef.h>
#include <stdint.h>
#include "agency.h"
#include "calendar.h"
#include "error.h"

typedef struct mc_step {
	char *id, *name, *unit;
	int32_t halves;            /* share, in halves of the version's unit */
} mc_step;

/* A version whose time is unknown has no steps (nsteps 0), but steps[0] is
 * the one step its dossiers run through when the office receives them with
 * an appointment set by hand: this id and name, at the agency's first unit
 * (the one-stop desk), share 0. */
#define MC_MANUAL_STEP_ID "giai_quyet"
#define MC_MANUAL_STEP_NAME "Giải quyết hồ sơ (ngày hẹn trả do Văn phòng ấn định)"

typedef enum { MC_SUPPLEMENT_PAUSE, MC_SUPPLEMENT_RESTART } mc_supplement_policy;

/* One of a version's required documents (thành phần hồ sơ), as the sources
 * give it: its name, how many and which kind ("01 bản chính", "01 bản sao có
 * chứng thực"), whether every applicant must give it, and when only some
 * applicants need it (`condition`, or NULL). `form` is NULL when the source
 * names the document without saying its form (`form: unknown`). */
typedef struct mc_required_doc {
	char *name, *form, *condition;
	int required;
} mc_required_doc;

typedef struct mc_version {
	int number;                /* 1-based, in date order */
	int32_t from, to;          /* days; to = INT32_MAX when open-ended */
	char *legal_basis, *time_text, *steps_source;
	int statutory_known;
	mc_duration statutory;
	int has_shortened;
	mc_duration shortened;
	char *shortened_decision;
	mc_supplement_policy on_supplement;
	mc_step *steps;
	size_t nsteps;
	/* the required documents: documents_known is 0 when the sources did
	 * not give the list (`documents: unknown`, or no `documents`) */
	int documents_known;
	mc_required_doc *documents;
	size_t ndocuments;
	char *documents_source;    /* where the list comes from (NULL if unknown) */
	int sets;                  /* "Số lượng hồ sơ: 01 bộ"; 0 when unknown */
	int line;                  /* where it starts in its file */
} mc_version;

/* How a dossier reaches the agency. */
typedef enum { MC_CH_IN_PERSON, MC_CH_POST, MC_CH_ONLINE, MC_CH__COUNT } mc_channel;
/* A procedure's channels as bits: 1 << mc_channel. */
enum { MC_CHANNEL_IN_PERSON = 1 << MC_CH_IN_PERSON, MC_CHANNEL_POST = 1 << MC_CH_POST,
       MC_CHANNEL_ONLINE = 1 << MC_CH_ONLINE };
const char *mc_channel_name(mc_channel c);           /* "in_person" */
int mc_channel_parse(const char *s, mc_channel *out); /* 0 ok, -1 unknown */
const char *mc_channel_vn(mc_channel c);             /* "Trực tiếp" */

typedef struct mc_procedure {
	char *code;                /* the national code, or the local id */
	int code_known;            /* code is a national code */
	char *name, *field, *fee, *source, *era, *online_level, *online_text;
	int service_center;
	int channels;              /* MC_CHANNEL_* bits */
	mc_version *versions;
	size_t nversions;
	char *file;
} mc_procedure;

typedef struct mc_catalog_set {
	char *id, *source, *members_source;
	int32_t as_of;
	long declared_total, declared_center, declared_online, declared_online_base;
	char **members;
	size_t nmembers;
} mc_catalog_set;

typedef struct mc_catalog {
	mc_agency *agency;
	mc_procedure *procs;       /* sorted by code */
	size_t nprocs;
	mc_catalog_set *sets;
	size_t nsets;
} mc_catalog;

/* Load procedures/agency.yaml, procedures/catalog/ *.yaml and
 * procedures/sets.yaml from `procdir`, validating everything. */
int mc_catalog_load(mc_catalog **out, const char *procdir, mc_error *err);
void mc_catalog_free(mc_catalog *cat);

/* Load one procedure file against an agency (for tests and `check`). */
int mc_procedure_load(mc_procedure *out, const char *path, const mc_agency *agency,
		      mc_error *err);
/* The same from text in memory; `name` is used in messages. */
int mc_procedure_parse(mc_procedure *p, const char *name, const char *text, size_t len,
		       const mc_agency *agency, mc_error *err);
void mc_procedure_clear(mc_procedure *p);

const mc_procedure *mc_catalog_find(const mc_catalog *cat, const char *code);
/* The version in force on `day`, or NULL (none yet, or expired). */
const mc_version *mc_catalog_version_at(const mc_procedure *p, int32_t day);
/* The processing time in force: the shortened time if any. Only valid
 * when v->statutory_known. */
mc_duration mc_version_time(const mc_version *v);
/*
 * Step k's share of the time. Under working days or calendar days, the
 * steps' shares (`days:`, in halves) add up to the time in force. A month is
 * no fixed number of days (28 to 31, and 15 to 23 working days), so a
 * version counted in months gives its steps' shares in working days: each
 * step but the last is due its share after it started, and never after
 * the dossier's due moment; the last step is due at the dossier's due
 * moment, whatever of the month is left (the end of the period, Civil Code
 * art. 148, is what the law sets; a split the law does not give is the
 * office's plan for the months' first part only). The shares add up to
 * at most MC_MONTH_STEP_HALVES per month (15 working days: fewer than any
 * month holds outside Tết, so the plan leaves the last step time).
 */
#define MC_MONTH_STEP_HALVES 30
mc_duration mc_step_share(const mc_version *v, size_t k);

/* Percentage by which the shortened time cuts the statutory one (0 if none). */
double mc_version_cut_percent(const mc_version *v);

/* Print the catalogue's gaps (unknown facts, template steps, sets short of
 * their declared size) to `f`, one per line; returns how many. */
size_t mc_catalog_gaps(const mc_catalog *cat, void *f);

#endif
