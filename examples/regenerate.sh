#!/bin/sh
# Regenerates every example's reports (report.md, report.html, report.json in each example's
# reports/ folder) from its response files, and for an example kept in rounds (a sub-folder of
# response files per round, such as northwind-history/2026-q1/) each round's result, in its
# results/ folder (results/2026-q1.json). Run it after any change that alters the output on
# purpose, from anywhere: examples/regenerate.sh. ALIGNMENT names the command to run; it may carry
# arguments (ALIGNMENT="python -m alignment_cli"), so its path must have no spaces.
set -eu
cd "$(dirname "$0")/.."
ALIGNMENT="${ALIGNMENT:-.venv/bin/alignment}"
case "$ALIGNMENT" in
    *" "*) ;;
    *) [ -x "$ALIGNMENT" ] || ALIGNMENT=alignment ;;
esac
alignment_run() { $ALIGNMENT "$@"; }   # unquoted on purpose: a command with its arguments

for example in examples/*/; do
    name=$(basename "$example")
    if ! ls "$example"*.yaml >/dev/null 2>&1; then
        [ -d "${example}results" ] || continue   # folders without responses, such as ci/
        # an example kept in rounds: each sub-folder with response files is one round
        rm -f "${example}results/"*.json
        for round in "$example"*/; do
            ls "$round"*.yaml >/dev/null 2>&1 || continue
            alignment_run --no-color report "${round%/}" -f json \
                -o "${example}results/$(basename "$round").json"
        done
        echo "examples/$name/results/"
        continue
    fi
    rm -rf "${example}reports"
    set --  # an example with a lead export also shows what the CRM data says
    if [ -f "${example}crm.csv" ]; then
        alignment_run crm import "${example}crm.csv" -o "${example}crm.json"
        set -- --crm "${example}crm.json"
    fi
    alignment_run --no-color report "$example" "$@" -f md -f html -f json -o "${example}reports/"
    echo "examples/$name/reports/"
done
