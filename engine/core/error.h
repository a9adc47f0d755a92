/*
 * error.h - the error object used across libmotcua.
 *
 * A fallible function takes an `mc_error *err` as its last argument, fills it
 * once where the error arises and returns the error's code (never 0). The
 * object is plain data with fixed-size buffers: nothing to free, safe to copy.
 * Callers may pass NULL when they do not care about the details.
 */
#ifndef MOTCUA_ERROR_H
#define MOTCUA_ERROR_H

#include <stdarg.h>
#include <stddef.h>

/* Error codes. Each maps to one process exit status (mc_error_exit_status). */
typedef enum {
	MC_OK = 0,
	MC_ERR_INTERNAL,   /* a bug or an I/O failure: exit 1 */
	MC_ERR_USAGE,      /* bad command line: exit 2 */
	MC_ERR_INPUT,      /* invalid input data (YAML, CSV, a date): exit 2 */
	MC_ERR_NOTFOUND,   /* a named thing does not exist: exit 3 */
	MC_ERR_REFUSED,    /* a rule refuses the request: exit 4 */
	MC_ERR_CONFLICT,   /* a concurrent change won; retry: exit 5 */
	MC_ERR_DBCONN,     /* database unreachable: exit 6 */
	MC_ERR_DB,         /* the database refused a statement: exit 7 */
} mc_errcode;

/* Process exit statuses, documented in `motcua --help`. */
enum {
	MC_EXIT_OK = 0,
	MC_EXIT_FAILURE = 1,
	MC_EXIT_USAGE = 2,
	MC_EXIT_NOTFOUND = 3,
	MC_EXIT_REFUSED = 4,
	MC_EXIT_CONFLICT = 5,
	MC_EXIT_DBCONN = 6,
	MC_EXIT_DB = 7,
};

typedef struct mc_error {
	mc_errcode code;
	char message[512];   /* primary message, git style: lowercase, no full stop */
	char detail[512];    /* optional: more facts */
	char hint[256];      /* optional: what to do about it */
	char sqlstate[6];    /* for database errors, else "" */
	char constraint[64]; /* for a violated constraint: its name, else "" */
	char file[256];      /* for input errors: the file, else "" */
	int line, column;    /* 1-based; 0 when unknown */
} mc_error;

/* Reset to "no error". */
void mc_error_clear(mc_error *err);

/* Fill `err` (if not NULL) and return `code`. */
int mc_error_set(mc_error *err, mc_errcode code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like mc_error_set, for a problem at file:line:column of an input file. */
int mc_error_at(mc_error *err, mc_errcode code, const char *file, int line,
		int column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Add a detail or hint to an already filled error. */
void mc_error_detail(mc_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mc_error_hint(mc_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Put context before an error's message ("dossier 'X': " + message),
 * keeping its detail, hint, SQLSTATE, constraint and place. `code` replaces
 * the error's code unless it is MC_OK. Returns the (new) code; with a NULL
 * err it returns `code` (or MC_ERR_INTERNAL when that is MC_OK). */
int mc_error_prefix(mc_error *err, mc_errcode code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Map an error code to the process exit status. */
int mc_error_exit_status(mc_errcode code);

/* Format "motcua: error: file:line:col: message\n" plus detail and hint
 * lines into buf; mc_error_print writes the same to stderr. */
void mc_error_format(const mc_error *err, const char *progname, char *buf, size_t n);
/* Print "motcua: error: file:line:col: message" plus detail/hint lines. */
void mc_error_print(const mc_error *err, const char *progname);

#endif
