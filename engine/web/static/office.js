/* office page of the desk (engine/web/page_office.c): enhancements only; the page works without it. */
"use strict";
