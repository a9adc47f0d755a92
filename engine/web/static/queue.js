/* queue page of the desk (engine/web/page_queue.c): enhancements only; the page works without it. */
"use strict";
