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

typedef struct mc_receipt {
	const char *procedure;       /* code */
	const char *channel;         /* in_person | post | online */
	const char *applicant, *address, *phone, *id_number;
	const char *external_ref;    /* import: the old system's reference */
	const char *idempotency_key; /* a retried receipt returns the same dossier */
	const char *actor;
	mc_time at;
} mc_receipt;

typedef struct mc_event {
	int seq;
	mc_time at;
	char action[32], actor[64], from_state[32], to_state[32], step_id[64];
	char *note;                  /* owned */
} mc_event;

typedef struct mc_dossier_info {
	char code[MC_CODE_MAX];
	char procedure_code[64];
	int procedure_version;
	char channel[16];
	char *applicant_name, *applicant_address, *applicant_phone, *applicant_id_number;
	char *external_ref;
	const mc_procedure *procedure;  /* in the catalogue passed in */
	mc_dossier d;                   /* replayed from the log */
	int revision;                   /* the row's */
	mc_event *events;
	size_t nevents;
} mc_dossier_info;

/* Free what `info` owns and zero it; NULL is accepted. */
void mc_dossier_info_clear(mc_dossier_info *info);

#endif
