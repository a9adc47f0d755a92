#!/usr/bin/python3
"""Baseline for the deadline benchmark: numpy's busday_offset on the same
(start day, working days) pairs with the same holidays, at day granularity.
usage: deadline.py DUMPDIR   -> prints "numpy_busday_offset <rate>" """
import sys, time
import numpy as np

d = sys.argv[1]
starts = np.fromfile(f"{d}/starts.i64", dtype=np.int64).astype("datetime64[D]")
offsets = np.fromfile(f"{d}/offsets.i64", dtype=np.int64)
holidays = np.fromfile(f"{d}/holidays.i64", dtype=np.int64).astype("datetime64[D]")
cal = np.busdaycalendar(weekmask="1111100", holidays=holidays)
t = time.perf_counter()
due = np.busday_offset(starts, offsets, roll="forward", busdaycal=cal)
secs = time.perf_counter() - t
print(f"numpy_busday_offset {len(starts) / secs:.0f}")
print(f"checksum {int(due.astype(np.int64).sum())}", file=sys.stderr)
