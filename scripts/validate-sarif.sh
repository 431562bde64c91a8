#!/usr/bin/env bash
# Validate `copydesk --format sarif` against the official SARIF 2.1.0 schema.
# The schema comes from the npm package @microsoft/jest-sarif (which ships it); the validator
# is Python's jsonschema from PyPI. Both are fetched from their registries into a temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null && tar xzf ./*.tgz)
schema="$work/package/lib/schemas/sarif-2.1.0-rtm.5.json"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check jsonschema
bin=${COPYDESK_BIN:-target/debug/copydesk}
"$bin" --check --format sarif corpus/ > "$work/out.sarif" || [ $? -eq 1 ]
printf 'It was the the end.\n' > "$work/x.txt"
chmod 000 "$work/x.txt" 2>/dev/null || true
"$bin" --check --format sarif "$work/x.txt" "$work/missing.txt" > "$work/errors.sarif" || true
"$work/venv/bin/python" - "$schema" "$work/out.sarif" "$work/errors.sarif" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
for path in sys.argv[2:]:
    doc = json.load(open(path))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(doc))
    for e in errors[:20]:
        print(f"{path}: {e.message} at {list(e.absolute_path)}")
    if errors:
        sys.exit(1)
    print(f"{path}: valid SARIF 2.1.0 ({len(doc['runs'][0]['results'])} results)")
PY
