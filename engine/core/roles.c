/*
 * roles.c - the one table of who may do what (see roles.h).
 *
 * The one-stop desk (clerk) receives, hands a dossier on, asks for and takes
 * in supplements, returns results, and records a withdrawal or a dossier
 * returned unprocessed; it may refuse at receipt (Mẫu 03). Specialists,
 * heads of division and the department's leaders work their steps: hand
 * on, ask for supplements, pause and resume, refuse (heads and leaders
 * sign refusals), and complete the last step; heads and leaders give a
 * step to a person of their staff (assign, migration 0020). The office (văn phòng) and
 * the administrator issue apologies (the letters' table is theirs alone,
 * migration 0010), correct and void, and set an appointment by hand where a
 * procedure's time is unknown (migration 0022); the auditor reads
 * only. The national portal's machine account receives online dossiers,
 * takes supplements and withdrawals filed online.
 *
 * Papers: every role that reads a dossier may print its forms (the slip a
 * clerk hands over, the refusal a head signs, the control slip that goes
 * with the file; the portal's account sends the citizen theirs). The
 * register is the desk's book: the desk, the office that keeps the
 * records, the leaders who sign off and the auditor. The period reports
 * are the office's, for the leaders to sign, and the auditor's to check
 * (as the office's page, engine/web/page_office.c).
 */
#include "roles.h"

#include <string.h>

#define A(x) (1u << MC_ACT_##x)
#define P(x) (1u << MC_PAPER_##x)
#define ALL_ACTIONS (~0u & ((1u << MC_ACT__COUNT) - 1))
#define ALL_PAPERS (P(FORMS) | P(REGISTER) | P(REPORTS))

typedef struct role_row {
	const char *role;
	unsigned may;           /* actions */
	int backdate;           /* also: set an appointment by hand */
	unsigned sees;          /* papers */
} role_row;

static const role_row table[] = {
	{ "clerk", A(RECEIVE) | A(FORWARD) | A(SUPPLEMENT_REQUEST) | A(SUPPLEMENT_RECEIVED) |
		   A(RETURN) | A(REFUSE) | A(WITHDRAW) | A(RETURN_UNPROCESSED), 0,
	  P(FORMS) | P(REGISTER) },
	{ "specialist", A(FORWARD) | A(RESULT_READY) | A(SUPPLEMENT_REQUEST) | A(PAUSE) | A(RESUME), 0,
	  P(FORMS) },
	{ "head", A(FORWARD) | A(RESULT_READY) | A(SUPPLEMENT_REQUEST) | A(PAUSE) | A(RESUME) |
		  A(REFUSE) | A(RETURN_UNPROCESSED) | A(ASSIGN), 0, P(FORMS) },
	{ "leader", A(FORWARD) | A(RESULT_READY) | A(SUPPLEMENT_REQUEST) | A(PAUSE) | A(RESUME) |
		    A(REFUSE) | A(RETURN_UNPROCESSED) | A(ASSIGN), 0, ALL_PAPERS },
	{ "office", ALL_ACTIONS, 1, ALL_PAPERS },
	{ "admin", ALL_ACTIONS, 1, ALL_PAPERS },
	{ "auditor", 0, 0, ALL_PAPERS },
	{ "integration", A(RECEIVE) | A(SUPPLEMENT_RECEIVED) | A(WITHDRAW), 0, P(FORMS) },
};

static const role_row *row_of(const char *role)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (!strcmp(table[i].role, role))
			return &table[i];
	return NULL;
}

int mc_role_may(const char *role, mc_action a)
{
	const role_row *r = row_of(role);
	return r ? (r->may >> a) & 1u : 0;
}

int mc_role_may_see(const char *role, mc_paper p)
{
	const role_row *r = row_of(role);
	return r ? (r->sees >> p) & 1u : 0;
}

int mc_role_may_backdate(const char *role)
{
	const role_row *r = row_of(role);
	return r ? r->backdate : 0;
}

/* the same roles: the office's own decisions about time */
int mc_role_may_appoint(const char *role)
{
	return mc_role_may_backdate(role);
}
