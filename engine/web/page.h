/*
 * page.h - the frame of every page of the desk: the document's head and
 * navigation for the logged-in user's role, the security headers (a
 * Content-Security-Policy with no inline script or style, no framing, no
 * referrer outside), redirects after a form, error pages, the CSRF field,
 * and the Vietnamese forms of dates and numbers.
 */
#ifndef MOTCUA_PAGE_H
#define MOTCUA_PAGE_H

#include "api.h"
#include "html.h"
#include "web.h"

/* Begin a page into `b`: the head with `title`, the header with the
 * navigation (the entry `nav` marked current: "tiep-nhan", "ho-so",
 * "van-phong", "tra-cuu"; NULL none) and the user, then <main>. */
void mc_page_begin(mc_request *rq, mc_buf *b, const char *title, const char *nav);
/* The same, with the page's own static files: `assets` "receive" links
 * /static/receive.css and /static/receive.js when they exist. */
void mc_page_begin_with(mc_request *rq, mc_buf *b, const char *title, const char *nav,
			const char *assets);
/* End the page begun in `b` and make it the reply (`b` is consumed). */
void mc_page_send(mc_request *rq, mc_buf *b, int status);
/* A 303 to `location` (a path of this server, written by the program). */
void mc_page_redirect(mc_request *rq, const char *location);
/* An engine error as an error page: its status and title, and the message
 * (never an internal error's, which may name SQL). */
void mc_page_error(mc_request *rq, const mc_error *err);
/* The problem document the reply holds (from an API function) as an
 * error page with the same status, title and detail. */
void mc_page_from_problem(mc_request *rq);
/* The hidden field with the session's CSRF token, for a form. */
void mc_page_csrf(mc_request *rq, mc_buf *b);
/* Whether a posted page's form is readable; else the reply is a 400 page. */
int mc_page_form(mc_request *rq);

/* The page a role starts on. */
const char *mc_page_home(const char *role);
/* Whether the session's role is one of `roles` (NULL-ended). */
int mc_page_role_in(const mc_request *rq, const char *const *roles);

/* "15/03/2024 14:05" (the moment in Vietnam's time), "" for 0. */
void mc_page_moment(char *out, size_t n, mc_time t);
/* "15/03/2024". */
void mc_page_date(char *out, size_t n, mc_time t);

#endif
