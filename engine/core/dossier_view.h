/*
 * dossier_view.h - a dossier as the outputs and jobs see it: the receipt
 * that opened it, its stored row, its event log and the state machine's
 * replay of that log. Pure data: the store fills it, the renderers read it.
 */
#ifndef MOTCUA_DOSSIER_VIEW_H
#define MOTCUA_DOSSIER_VIEW_H

#include "calendar.h"
#include "catalog.h"
#include "dossier.h"

/* Room for a dossier code: the agency code + "-YYMMDD-XXXX", and its NUL. */
#define MC_CODE_MAX 96

/* A receipt as the desk (or an import) gives it. */
typedef struct mc_receipt {
	const char *procedure;       /* code */
	mc_channel channel;
	const char *applicant, *address, *phone, *id_number;
	const char *email;           /* the applicant's e-mail address (NULL: none) */
	const char *applicant_kind;  /* "citizen", "organisation" (NULL: not said) */
	const char *delivery;        /* where the result is collected: "desk",
				      * "post", "online" (NULL: not said) */
	const char *const *documents; /* the documents received, by name, in order */
	size_t ndocuments;           /* 0: none recorded (at most MC_DOCUMENTS_MAX) */
	const char *external_ref;    /* import: the old system's reference, */
	const char *code;            /* kept as the code (NULL: the day's next number) */
	const char *idempotency_key; /* a retried receipt returns the same dossier */
	const char *actor;
	mc_time at;                  /* 0: now, the server's clock */
	/* an appointment set by hand (the office, for a procedure whose time is
	 * unknown) and why: both or neither (0 and NULL: counted) */
	mc_time appointment;
	const char *appointment_reason;
} mc_receipt;

/* Room for a person's full name (an account's: at most 200 characters). */
#define MC_FULL_NAME_BYTES 804

/* Room for an actor's name (MC_TEXT_ACTOR_MAX characters of UTF-8). */
#define MC_ACTOR_BYTES 256

typedef struct mc_event {
	int seq;
	mc_time at;                  /* when it happened */
	mc_time recorded_at;         /* when the server logged it */
	char action[32], actor[MC_ACTOR_BYTES], from_state[32], to_state[32], step_id[64];
	char db_user[64];            /* who was connected ("" before migration 0012) */
	char assignee[MC_ASSIGNEE_MAX]; /* the person an assign or forward named ("": none) */
	char *note;                  /* owned */
	char *backdate_reason;       /* owned; why `at` is not `recorded_at` */
	/* a correction: which fact, from what, to what (owned) */
	char *field, *old_value, *new_value;
} mc_event;

typedef struct mc_dossier_info {
	char code[MC_CODE_MAX];
	char procedure_code[64];
	int procedure_version;
	mc_channel channel;
	char *applicant_name, *applicant_address, *applicant_phone, *applicant_id_number;
	char *applicant_email;          /* NULL: none */
	char applicant_kind[16];        /* "citizen", "organisation"; "": not said */
	char delivery[16];              /* "desk", "post", "online"; "": not said */
	char **documents;               /* the documents received (owned); NULL: none recorded */
	size_t ndocuments;
	char *external_ref, *idempotency_key;
	char *appointment_reason;       /* why the appointment was set by hand (owned);
	                                   NULL: counted from the procedure's time (d.manual 0) */
	const mc_procedure *procedure;  /* in the catalogue passed in */
	mc_dossier d;                   /* replayed from the log */
	int revision;                   /* the row's */
	char assignee_name[MC_FULL_NAME_BYTES]; /* the full name of d.assignee, the current
	                                   step's holder (migration 0020); "" when nobody
	                                   holds it or the name is not known */
	/* the register entry (migration 0024): Quyển số (the year's register)
	 * and Số thứ tự in it; 0 when it has none (an import) */
	int register_year, register_no;
	char lookup_token[40];          /* the citizen's look-up (migration 0017): the slip's
	                                   QR code; "" when not read (a receipt just written) */
	mc_event *events;
	size_t nevents;
} mc_dossier_info;

/* The documents received with a receipt: at most this many, each a name of
 * 1 to MC_DOCUMENT_NAME_MAX characters on one line (as migration 0019). */
#define MC_DOCUMENTS_MAX 50
#define MC_DOCUMENT_NAME_MAX 300

/* The documents as one text, one name a line (names hold no newline), and
 * back: mc_documents_join gives a malloc'd text (NULL for none or out of
 * memory), mc_documents_split malloc'd names (none for NULL; -1: out of
 * memory). */
char *mc_documents_join(const char *const *names, size_t n);
int mc_documents_split(const char *joined, char ***names, size_t *n);

/* Room for an e-mail address (characters), and whether `s` looks like one:
 * one '@', something before it, a domain with a dot inside, no spaces (as
 * migration 0016's check). */
#define MC_TEXT_EMAIL_MAX 254
int mc_email_valid(const char *s);

/* The applicant kinds and result deliveries a receipt may give, and their
 * Vietnamese names ("" for NULL or unknown). */
int mc_applicant_kind_valid(const char *kind);
int mc_delivery_valid(const char *delivery);
const char *mc_applicant_kind_vn(const char *kind);
const char *mc_delivery_vn(const char *delivery);

/* Free what `info` owns and zero it; NULL is accepted. */
void mc_dossier_info_clear(mc_dossier_info *info);

#endif
