/*
 * forms.h - the official forms of each rule regime, as dated data.
 *
 * Decree 61/2018 with Circular 01/2018/TT-VPCP governed dossiers until
 * 30/06/2025; Decree 118/2025 with Circular 03/2025/TT-VPCP from 01/07/2025.
 * A document prints the form of the regime in force on the day it is issued.
 * (Circular 03/2025 itself is dated 15/09/2025: see forms.c.)
 */
#ifndef MOTCUA_FORMS_H
#define MOTCUA_FORMS_H

#include <stdint.h>

typedef struct mc_regime {
	const char *circular;          /* "Thông tư số 01/2018/TT-VPCP" */
	const char *decree;            /* "Nghị định số 61/2018/NĐ-CP" */
	int32_t from;                  /* first day of the regime (days since 1970-01-01) */
	int32_t forms_dated;           /* the circular's date, when later (0: none) */
	const char *receipt_form, *receipt_title;
	const char *supplement_form, *supplement_title;
	const char *refusal_form, *refusal_title;
	const char *apology_form, *apology_title;
	const char *stop_form, *stop_title;     /* NULL before 2025 */
	const char *control_form, *control_title;
	const char *register_form, *register_title;
} mc_regime;

const mc_regime *mc_regime_at(int32_t day);
/* The regime of Decree 118/2025 (the first with a stop notice). */
const mc_regime *mc_regime_2025(void);

#endif
