/*
 * roles.h - what each role of a person (or a machine) may do to a dossier:
 * one table, used by the server before it acts (the API's 403, the
 * buttons a page shows) and written as the same rows into the database
 * (migration 0018, motcua.desk_action), whose event log refuses an action
 * the session's role may not take.
 */
#ifndef MOTCUA_ROLES_H
#define MOTCUA_ROLES_H

#include "dossier.h"

/* Whether `role` (clerk, specialist, head, leader, office, admin, auditor,
 * integration) may take action `a`. An unknown role may do nothing. */
int mc_role_may(const char *role, mc_action a);
/* Whether `role` may record a moment other than now (history). */
int mc_role_may_backdate(const char *role);
/* Whether `role` may set a receipt's appointment by hand, for a procedure
 * whose time is unknown (migration 0022: desk_action 'appoint'). */
int mc_role_may_appoint(const char *role);

/* The papers a role may see (the API's forms, register and reports, and
 * the desk's links to them). */
typedef enum {
	MC_PAPER_FORMS,     /* a dossier's forms: Mẫu 01-06 of the dossiers it may read */
	MC_PAPER_REGISTER,  /* the register of dossiers (Sổ theo dõi hồ sơ) */
	MC_PAPER_REPORTS,   /* the period reports (Biểu 06a, the report sent) */
} mc_paper;
int mc_role_may_see(const char *role, mc_paper p);

#endif
