#!/usr/bin/env bash
# A sendmail stand-in that exits at once without reading its input, like
# /bin/false but with something on stderr: the writer gets EPIPE.
echo "fake sendmail: cannot open the queue" >&2
exit 1
