/* lookup page of the desk (engine/web/page_lookup.c): enhancements only; the page works without it. */
"use strict";
