/*
 * notify.h - delivering the nightly alerts by e-mail.
 *
 * One message per responsible unit and night, written to the notification
 * table first (so it exists exactly once), then handed to the system's
 * sendmail interface ($MOTCUA_SENDMAIL, default /usr/sbin/sendmail -t -oi).
 * A message is marked sent only when sendmail accepted it; a failure is
 * recorded and retried on the next run, never dropped.
 */
#ifndef MOTCUA_NOTIFY_H
#define MOTCUA_NOTIFY_H

#include "store_dossier.h"

typedef struct mc_notify_stats {
	int queued, sent, failed;
} mc_notify_stats;

/* Queue the night's messages (one per unit with alerts) and deliver every
 * pending message, this night's and earlier failures. */
int mc_notify_run(const mc_store_ctx *s, int32_t as_of, mc_notify_stats *st, mc_error *err);

#endif
