# Sourced by the desktop tests. The app's --report file is JSON; these read
# it with node. A condition is a JavaScript expression on `s` (the state).
#   wait_report REPORT 'COND' [SECONDS]  waits (default at most 20 s) until
#                                        COND holds: a bounded poll, no sleep as the wait
#   report_value REPORT 'EXPR'           prints EXPR (JSON for objects)
report_eval() {
  node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const v = new Function("s", "return (" + process.argv[2] + ");")(s);
if (process.argv[3] === "print") console.log(typeof v === "string" ? v : JSON.stringify(v));
else process.exit(v ? 0 : 1);
' "$@" 2>/dev/null
}
wait_report() {
  local report=$1 cond=$2 secs=${3:-20}
  local end=$((SECONDS + secs))
  while (( SECONDS < end )); do
    [[ -f $report ]] && report_eval "$report" "$cond" && return 0
    sleep 0.1
  done
  echo "desktop: after ${secs} s the report still fails: $cond" >&2
  return 1
}
report_value() { report_eval "$1" "$2" print; }
