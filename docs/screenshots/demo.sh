#!/usr/bin/env bash
# Writes the demo history the README's pictures show: a year of monthly assessments by one leader
# drifting from Low Everything toward Impact Galore, with commitments made and reviewed and a
# coach's view in the last month, then draws the progress card and page one of the session report
# (pdftoppm, from poppler-utils).
# Usage: bash docs/screenshots/demo.sh [BEARING_BINARY] [OUT.db]
set -euo pipefail
bin="${1:-target/debug/bearing}"
db="${2:-$(mktemp -d)/demo.db}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
rm -f "$db"
"$bin" --db "$db" questionnaire --json > "$work/q.json"
"$bin" --db "$db" profile rename Me "Ada Lovelace" > /dev/null
sheet() {  # sheet OUT FOCUS AUTONOMY SEED [others]: answers toward a lean on each axis (-1..1),
           # with wobble; "others" leaves out (null) what only the leader can see
    python3 - "$work/q.json" "$2" "$3" "$4" "${5:-self}" > "$1" <<'PY'
import json, random, sys
q = json.load(open(sys.argv[1])); f, a, seed = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
others = sys.argv[5] == "others"
rng = random.Random(seed)
answers = {}
for it in q["items"]:
    pull = it["focus"] * f + it["autonomy"] * a
    answers[it["id"]] = max(1, min(5, round(3 + 2.2 * pull + rng.gauss(0, 0.7))))
    if others and not it.get("observable", True):
        answers[it["id"]] = None
print(json.dumps({"questionnaire": q["version"], "answers": answers}))
PY
}
months=(2025-12-31 2026-01-31 2026-02-28 2026-03-31 2026-04-30 2026-05-31 2026-06-30 2026-07-31
        2026-08-31 2026-09-30 2026-10-31 2026-11-28)
for i in "${!months[@]}"; do
    f=$(python3 -c "print(-0.75 + 1.25 * $i / 11)")
    a=$(python3 -c "print(-0.55 + 0.9 * $i / 11)")
    sheet "$work/a.json" "$f" "$a" "$i"
    args=(--db "$db" assess --answers "$work/a.json" --date "${months[$i]}")
    open="$("$bin" --db "$db" commitments --json)"
    if [ "$open" != "[]" ]; then
        python3 - "$open" "$i" > "$work/r.json" <<'PY'
import json, sys
statuses = ["done", "partly", "done", "not-started"]
print(json.dumps({c["action_id"]: {"status": statuses[(int(sys.argv[2]) + n) % 4]}
                  for n, c in enumerate(json.loads(sys.argv[1]))}))
PY
        args+=(--reviews "$work/r.json")
    fi
    "$bin" "${args[@]}" > "$work/result.json"
    if [ $((i % 3)) -eq 0 ] && [ "$i" -lt 11 ]; then
        action="$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['suggestions'][0]['action']['id'])" "$work/result.json")"
        "$bin" --db "$db" commit "$action" > /dev/null
    fi
done
sheet "$work/coach.json" 0.55 0.1 99 others
"$bin" --db "$db" assess --answers "$work/coach.json" --date 2026-11-29 --rater coach > /dev/null
"$bin" --db "$db" chart --kind card --scale 1 --out docs/screenshots/progress-card.png
"$bin" --db "$db" report --out "$work/report.pdf"
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/report.pdf" docs/screenshots/session-report
echo "demo history in $db; progress card in docs/screenshots/progress-card.png," \
     "the report's page one in docs/screenshots/session-report.png"
