/*
 * notify.h - delivering the nightly alerts by e-mail.
 *
 * One message per responsible unit and night, written to the notification
 * table first (so it exists exactly once), then handed to the system's
 * sendmail interface ($MOTCUA_SENDMAIL, default /usr/sbin/sendmail -t -oi).
 *
 * Delivery (migration 0011):
 *  - each message is claimed before sendmail is started (a committed claim,
 *    taken with FOR UPDATE SKIP LOCKED), so two runs at the same moment never
 *    hand one message to sendmail twice; a claim older than the timeout plus
 *    five minutes belongs to a run that died and is taken again;
 *  - sendmail runs with a pipe for the message and one for its output, with
 *    SIGPIPE ignored and a timeout (the mailer's process group is killed);
 *  - every attempt is recorded (attempts, last_attempt_at, last_error: the
 *    exit status or signal and the first line the mailer printed); a message
 *    is marked sent only when sendmail accepted it; each run tries a pending
 *    message once, and after max_attempts attempts it is given up ('failed'),
 *    kept and reported, no longer retried;
 *  - a message lists at most max_alerts alerts, then how many more of each
 *    kind and the command that shows them all;
 *  - headers: From, To, Date (+0700), Message-ID (given on the first attempt
 *    and kept by retries), MIME, the Vietnamese subject RFC 2047 encoded.
 */
#ifndef MOTCUA_NOTIFY_H
#define MOTCUA_NOTIFY_H

#include "store_dossier.h"

typedef struct mc_notify_opts {
	char sendmail[512];   /* program and arguments, split at blanks ($MOTCUA_SENDMAIL);
			       * a program alone gets -t -oi */
	char from[256];       /* From: ($MOTCUA_MAIL_FROM, default motcua@localhost) */
	int timeout;          /* seconds per delivery ($MOTCUA_SENDMAIL_TIMEOUT, default 60) */
	int max_attempts;     /* attempts before a message is given up (5) */
	int max_alerts;       /* alerts listed in one message (200) */
} mc_notify_opts;

/* The options from the environment, checked; MC_ERR_INPUT on a bad value. */
int mc_notify_opts_from_env(mc_notify_opts *o, mc_error *err);

typedef struct mc_notify_stats {
	int queued;           /* messages written for this night */
	int sent;             /* accepted by sendmail in this run */
	int failed;           /* attempts that failed in this run (given_up included) */
	int given_up;         /* of those, messages that reached max_attempts */
} mc_notify_stats;

/* Queue the night's messages (one per unit with alerts) and deliver every
 * pending message, this night's and earlier failures. *st is filled even
 * when an error is returned. When a delivery failed the result is
 * MC_ERR_INTERNAL, the failures named in err's detail. */
int mc_notify_run(const mc_store_ctx *s, const mc_notify_opts *o, int32_t as_of,
		  mc_notify_stats *st, mc_error *err);

#endif
