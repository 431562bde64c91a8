#!/usr/bin/env bash
# Everything CI checks for the editor integrations:
#   1. the VS Code extension: settings in sync with `copydesk --config-schema`, unit tests,
#      a .vsix built and checked;
#   2. the Neovim config end to end against $COPYDESK --stdio (skipped, saying so, only when
#      that binary has no language server yet);
#   3. the same for Emacs with eglot, when this machine has Emacs and eglot (optional).
# Non-interactive and idempotent. COPYDESK defaults to target/debug/copydesk.
set -euo pipefail
editors=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$editors/.." && pwd)
COPYDESK=${COPYDESK:-$repo/target/debug/copydesk}
[ -x "$COPYDESK" ] || { echo "no copydesk binary at $COPYDESK: run cargo build first" >&2; exit 1; }
COPYDESK=$(realpath "$COPYDESK")
export COPYDESK

echo "== VS Code: settings against \`copydesk --config-schema\`"
cd "$editors/vscode"
schema=$(mktemp)
trap 'rm -f "$schema"' EXIT
"$COPYDESK" --config-schema > "$schema"
if ! diff -u schema/config-schema.json "$schema"; then
  echo "schema/config-schema.json is stale: copy the output of \`copydesk --config-schema\` there and run \`npm run sync-settings\`" >&2
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error
npm run --silent check-settings

echo "== VS Code: compile and unit tests"
npm test

echo "== VS Code: package and check the vsix"
rm -f copydesk.vsix
npm run --silent package </dev/null
npm run --silent check-vsix

probe='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}'
reply=$(printf 'Content-Length: %d\r\n\r\n%s' "${#probe}" "$probe" | timeout 20 "$COPYDESK" --stdio 2>/dev/null || true)
if [[ $reply != *'"capabilities"'* ]]; then
  echo "SKIPPED: $COPYDESK does not answer an LSP initialize on --stdio yet; the Neovim and Emacs e2e tests need the language server."
  exit 0
fi
echo "== Neovim: end to end against $COPYDESK --stdio"
bash "$editors/nvim/test/run.sh"
echo "== Emacs (eglot): end to end against $COPYDESK --stdio"
bash "$editors/emacs/test/run.sh"
