/*
 * text.h - the texts people type (names, addresses, notes), checked before
 * they are stored: valid UTF-8, bounded, and free of control characters,
 * which would forge lines on a printed slip or reach a terminal as escape
 * sequences. Newlines (and tabs) are allowed only in multi-line fields.
 * The database's door (migrations/0012_one_door.sql, door_text) applies
 * the same limits, so a client that skips this check is refused there too.
 */
#ifndef MOTCUA_TEXT_H
#define MOTCUA_TEXT_H

#include <stddef.h>
#include "error.h"

/* Limits in characters (Unicode code points), the same as the door's. */
#define MC_TEXT_NAME_MAX 300
#define MC_TEXT_ADDRESS_MAX 500
#define MC_TEXT_PHONE_MAX 40
#define MC_TEXT_ID_MAX 40
#define MC_TEXT_KEY_MAX 200       /* idempotency keys */
#define MC_TEXT_REF_MAX 100       /* external references */
#define MC_TEXT_ACTOR_MAX 60
#define MC_TEXT_NOTE_MAX 2000     /* multi-line */
#define MC_TEXT_REASON_MAX 500

/* MC_OK, or MC_ERR_INPUT naming `field` and what is wrong with `value`
 * (NULL is fine: an absent optional field). */
int mc_text_check(const char *field, const char *value, size_t max, int multiline,
		  mc_error *err);

/* The value of a hexadecimal digit (either case), or -1. */
int mc_hex_digit(char c);

#endif
