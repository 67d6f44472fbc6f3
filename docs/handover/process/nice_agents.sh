#!/bin/bash
# Session zr: renice every agent's tool back-end (line_io_tools/binary_backend) but the
# coordinator's own (an ancestor of this script), and all their descendants, to 15, every 5 s.
# Children inherit a nice value at fork, so a helper's or the tester's short runs are niced from
# their start: prio.sh's pattern loop (every 10 s) missed the tester's `prevalence run`s of a few
# seconds each, which took 60% of a core at nice 0 beside the CI and pushed anonymize's test
# binary past .ci/run's 30-minute timeout (zr's first CI). Start it from the coordinator's shell:
# (nohup docs/handover/process/nice_agents.sh >/dev/null 2>&1 &)
mine=" "
p=$$
while [ -n "$p" ] && [ "$p" != 1 ] && [ "$p" != 0 ]; do
  mine="$mine$p "
  p=$(ps -o ppid= -p "$p" | tr -d ' ')
done
while true; do
  for b in $(pgrep -f line_io_tools/binary_backend); do
    case "$mine" in *" $b "*) continue ;; esac
    todo=$b
    while [ -n "$todo" ]; do
      next=""
      for q in $todo; do renice -n 15 -p "$q" >/dev/null 2>&1; next="$next $(pgrep -P "$q")"; done
      todo=$(echo $next)
    done
  done
  sleep 5
done
