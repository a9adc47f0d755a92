/* receive page of the desk (engine/web/page_receive.c): enhancements only; the page works without it. */
"use strict";
