/* dossier page of the desk (engine/web/page_dossier.c): enhancements only; the page works without it. */
"use strict";
