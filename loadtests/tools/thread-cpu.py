#!/usr/bin/env python3
"""CPU per thread name of a running process, from /proc/PID/task/*/stat sampled every 200 ms, so threads that live
less than the span (a recognition session's decoding thread) are counted too.

Usage: loadtests/tools/thread-cpu.py PID SECONDS
Used for docs/benchmarks-calls.md (session 7): run it against `callcluster bench calls` during a level.
"""
import collections
import os
import sys
import time

pid, seconds = sys.argv[1], float(sys.argv[2])
ticks_per_second = os.sysconf("SC_CLK_TCK")


def snapshot():
    threads = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{task}/stat").read()
        except OSError:
            continue  # the thread ended between the listing and the read
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        threads[task] = (name, int(fields[11]) + int(fields[12]))  # utime + stime
    return threads


used = collections.Counter()
seen = collections.defaultdict(set)
end = time.time() + seconds
previous = snapshot()
while time.time() < end:
    time.sleep(0.2)
    current = snapshot()
    for task, (name, ticks) in current.items():
        used[name] += ticks - previous.get(task, (name, 0))[1]
        seen[name].add(task)
    previous = current

print(f"{sum(used.values()) / ticks_per_second / seconds:.2f} cores over {seconds:g} s")
for name, ticks in used.most_common(25):
    print(f"{name:20s} {len(seen[name]):4d} threads {ticks / ticks_per_second / seconds:.3f} cores")
