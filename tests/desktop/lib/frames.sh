# Sourced by the desktop tests. wait_more_frames REPORT [N]: waits (at most
# 10 s) until the app has drawn N (default 10) more frames than when called,
# as counted in REPORT.frames, so what would still happen (a late notice, a
# first paint) is on screen before a screenshot. A condition, not a sleep.
wait_more_frames() {
  local counter="$1.frames" more=${2:-10} start=0 now=0
  [[ -f "$counter" ]] && start=$(<"$counter")
  for _ in $(seq 1 200); do
    [[ -f "$counter" ]] && now=$(<"$counter")
    (( now >= start + more )) && return 0
    sleep 0.05
  done
  echo "desktop: the app drew no new frames for 10 s (at frame $now, waiting for $((start + more)))" >&2
  return 1
}
