/*
 * web.h - the desk in a browser: server-rendered HTML pages over the same
 * request model, sessions and store as the JSON API (engine/server). Each
 * page_*.c file is one page of the desk; page.c is their frame (layout,
 * security headers, redirects, error pages), html.c the escaping.
 *
 * Paths (Vietnamese, as the issue names them): /dang-nhap, /dang-xuat,
 * /tiep-nhan, /ho-so, /ho-so/{code}, /van-phong, /tra-cuu; /static/ holds
 * the stylesheet and the script, built into the program.
 */
#ifndef MOTCUA_WEB_H
#define MOTCUA_WEB_H

struct mc_request;
typedef struct mc_request mc_request;

/* page_login.c */
void mc_page_root(mc_request *rq);            /* GET / */
void mc_page_login_form(mc_request *rq);      /* GET /dang-nhap */
void mc_page_login(mc_request *rq);           /* POST /dang-nhap */
void mc_page_logout(mc_request *rq);          /* POST /dang-xuat */
/* page_static.c */
void mc_page_static(mc_request *rq);          /* GET /static/{name} */
/* page_receive.c */
void mc_page_receive_form(mc_request *rq);    /* GET /tiep-nhan */
void mc_page_receive(mc_request *rq);         /* POST /tiep-nhan */
/* page_queue.c */
void mc_page_queue(mc_request *rq);           /* GET /ho-so */
void mc_page_queue_bulk(mc_request *rq);      /* POST /ho-so (bulk forward) */
/* page_dossier.c */
void mc_page_dossier(mc_request *rq);         /* GET /ho-so/{code} */
void mc_page_dossier_act(mc_request *rq);     /* POST /ho-so/{code} */
/* page_office.c */
void mc_page_office(mc_request *rq);          /* GET /van-phong */
void mc_page_office_post(mc_request *rq);     /* POST /van-phong */
void mc_page_office_letter(mc_request *rq);   /* GET /van-phong/thu-xin-loi/{code}.pdf */
void mc_page_office_users(mc_request *rq);    /* POST /van-phong/nguoi-dung (admin) */
/* page_lookup.c: public, no login */
void mc_page_lookup(mc_request *rq);          /* GET and POST /tra-cuu */
void mc_page_lookup_token(mc_request *rq);    /* GET /tra-cuu/{token} (the slip's QR) */

/* For server.c: a page whose session is missing or expired goes to the
 * login page (and back to `rq->path` after it); a refused page request
 * gets an error page instead of a problem document. */
void mc_page_login_redirect(mc_request *rq);
void mc_page_fail(mc_request *rq, int status, const char *title, const char *message);

#endif
