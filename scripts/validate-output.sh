#!/usr/bin/env bash
# Validate copydesk's machine output against its schemas: `--format sarif` against the official
# SARIF 2.1.0 schema, `--format json` and each line of `--format jsonl` against
# docs/output.schema.json. The SARIF schema comes from the npm package @microsoft/jest-sarif
# (which ships it); the validator is Python's jsonschema from PyPI. Both are fetched from their
# registries into a temp dir.
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
printf 'a\0b' > "$work/binary.txt"
chmod 000 "$work/x.txt" 2>/dev/null || true
"$bin" --check --format sarif "$work/x.txt" "$work/missing.txt" > "$work/errors.sarif" || true
"$bin" --check --format json corpus/ > "$work/out.json" || [ $? -eq 1 ]
"$bin" --check --format json "$work/x.txt" "$work/missing.txt" "$work/binary.txt" > "$work/errors.json" || true
"$bin" --check --format jsonl corpus/ > "$work/out.jsonl" || [ $? -eq 1 ]
"$work/venv/bin/python" - "$schema" "$work" <<'PY'
import json, sys
import jsonschema
sarif = jsonschema.Draft4Validator(json.load(open(sys.argv[1])))
output_schema = json.load(open("docs/output.schema.json"))
jsonschema.Draft202012Validator.check_schema(output_schema)
output = jsonschema.Draft202012Validator(output_schema)
file_schema = dict(output_schema, **{"$ref": "#/$defs/file"})
for key in ("required", "properties", "additionalProperties", "type"):
    file_schema.pop(key)
jsonl = jsonschema.Draft202012Validator(file_schema)
work = sys.argv[2]

def check(validator, path, doc, what):
    errors = list(validator.iter_errors(doc))
    for e in errors[:20]:
        print(f"{path}: {e.message} at {list(e.absolute_path)}")
    if errors:
        sys.exit(1)
    print(f"{path}: valid {what}")

for name in ("out.sarif", "errors.sarif"):
    doc = json.load(open(f"{work}/{name}"))
    check(sarif, name, doc, f"SARIF 2.1.0 ({len(doc['runs'][0]['results'])} results)")
for name in ("out.json", "errors.json"):
    doc = json.load(open(f"{work}/{name}"))
    check(output, name, doc, f"copydesk JSON ({doc['summary']['diagnostics']} diagnostics)")
lines = open(f"{work}/out.jsonl").read().splitlines()
for i, line in enumerate(lines, 1):
    errors = list(jsonl.iter_errors(json.loads(line)))
    for e in errors[:20]:
        print(f"out.jsonl:{i}: {e.message} at {list(e.absolute_path)}")
    if errors:
        sys.exit(1)
print(f"out.jsonl: {len(lines)} valid file objects")
PY
