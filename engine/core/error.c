/*
 * error.c - filling and printing mc_error.
 */
#include "error.h"

#include <stdio.h>
#include <string.h>

void mc_error_clear(mc_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}

static void vfill(mc_error *err, mc_errcode code, const char *fmt, va_list ap)
{
	mc_error_clear(err);
	err->code = code;
	vsnprintf(err->message, sizeof err->message, fmt, ap);
}

int mc_error_set(mc_error *err, mc_errcode code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vfill(err, code, fmt, ap);
		va_end(ap);
	}
	return code;
}

int mc_error_at(mc_error *err, mc_errcode code, const char *file, int line,
		int column, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vfill(err, code, fmt, ap);
		va_end(ap);
		snprintf(err->file, sizeof err->file, "%s", file ? file : "");
		err->line = line;
		err->column = column;
	}
	return code;
}

void mc_error_detail(mc_error *err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof err->detail, fmt, ap);
	va_end(ap);
}

void mc_error_hint(mc_error *err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof err->hint, fmt, ap);
	va_end(ap);
}

int mc_error_prefix(mc_error *err, mc_errcode code, const char *fmt, ...)
{
	if (!err)
		return code != MC_OK ? code : MC_ERR_INTERNAL;
	char context[sizeof err->message], msg[sizeof err->message];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(context, sizeof context, fmt, ap);
	va_end(ap);
	snprintf(msg, sizeof msg, "%s", err->message);
	snprintf(err->message, sizeof err->message, "%s%s", context, msg);
	if (code != MC_OK)
		err->code = code;
	return err->code;
}

int mc_error_exit_status(mc_errcode code)
{
	switch (code) {
	case MC_OK: return MC_EXIT_OK;
	case MC_ERR_USAGE:
	case MC_ERR_INPUT: return MC_EXIT_USAGE;
	case MC_ERR_NOTFOUND: return MC_EXIT_NOTFOUND;
	case MC_ERR_REFUSED: return MC_EXIT_REFUSED;
	case MC_ERR_CONFLICT: return MC_EXIT_CONFLICT;
	case MC_ERR_DBCONN: return MC_EXIT_DBCONN;
	case MC_ERR_DB: return MC_EXIT_DB;
	case MC_ERR_INTERNAL: break;
	}
	return MC_EXIT_FAILURE;
}

void mc_error_format(const mc_error *err, const char *progname, char *buf, size_t n)
{
	size_t k;
	if (err->file[0] && err->line > 0)
		k = (size_t)snprintf(buf, n, "%s: error: %s:%d:%d: %s\n", progname, err->file,
				     err->line, err->column, err->message);
	else if (err->file[0])
		k = (size_t)snprintf(buf, n, "%s: error: %s: %s\n", progname, err->file, err->message);
	else
		k = (size_t)snprintf(buf, n, "%s: error: %s\n", progname, err->message);
	if (err->detail[0] && k < n)
		k += (size_t)snprintf(buf + k, n - k, "%s\n", err->detail);
	if (err->hint[0] && k < n)
		snprintf(buf + k, n - k, "hint: %s\n", err->hint);
}

void mc_error_print(const mc_error *err, const char *progname)
{
	char buf[2048];
	mc_error_format(err, progname, buf, sizeof buf);
	fputs(buf, stderr);
}
