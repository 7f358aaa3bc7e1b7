#!/bin/sh
# Regenerates every example's reports (report.md, report.html, report.json in each example's
# reports/ folder) from its response files. Run it after any change that alters the output on
# purpose, from anywhere: examples/regenerate.sh
set -eu
cd "$(dirname "$0")/.."
ALIGNMENT="${ALIGNMENT:-.venv/bin/alignment}"
[ -x "$ALIGNMENT" ] || ALIGNMENT=alignment
for example in examples/*/; do
    name=$(basename "$example")
    ls "$example"*.yaml >/dev/null 2>&1 || continue   # folders without responses, such as ci/
    rm -rf "${example}reports"
    set --  # an example with a lead export also shows what the CRM data says
    if [ -f "${example}crm.csv" ]; then
        "$ALIGNMENT" crm import "${example}crm.csv" -o "${example}crm.json"
        set -- --crm "${example}crm.json"
    fi
    "$ALIGNMENT" --no-color report "$example" "$@" -f md -f html -f json -o "${example}reports/"
    echo "examples/$name/reports/"
done
