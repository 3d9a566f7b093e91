#!/usr/bin/env python3
"""A reference sleeper for the edge's pacing benchmark: wakes on an absolute 20 ms grid (as the edge's pacing threads
do) for SECONDS, at nice -10 like them, in a process and session of its own, and prints how late each wake-up was.
Lateness here is the machine's, not the edge's: CPU contention, the hypervisor, timer slack. If this sleeper is late
when the edge's ticks are late, the edge could not have done better on this machine at that moment.
Usage: wake_probe.py SECONDS"""
import math
import os
import sys
import time

seconds = float(sys.argv[1])
try:
    os.nice(-10)
except OSError:
    pass  # without CAP_SYS_NICE it runs at the default priority; the report says which
period = 0.020
start = time.monotonic()
due = start + period
late = []
while due - start < seconds:
    pause = due - time.monotonic()
    if pause > 0:
        time.sleep(pause)
    late.append((time.monotonic() - due) * 1000)
    due += period
    # Like the edge, do not burst through missed ticks: stay on the grid past them.
    now = time.monotonic()
    if now > due:
        due += math.floor((now - due) / period + 1) * period

late.sort()
def rank(p):
    return late[min(len(late) - 1, max(0, math.ceil(p * len(late)) - 1))]

print(f"wakes={len(late)} nice={os.nice(0)} p50={rank(0.50):.2f}ms p99={rank(0.99):.2f}ms "
      f"max={late[-1]:.2f}ms over5ms={sum(1 for l in late if l > 5)}")
