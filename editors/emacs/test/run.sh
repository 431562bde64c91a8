#!/usr/bin/env bash
# End-to-end test of editors/emacs/copydesk.el with eglot against $COPYDESK --stdio
# (default target/debug/copydesk). Needs Emacs with eglot (Emacs 29+, or Debian's
# emacs-nox + elpa-eglot); skips, saying so, when there is none. -q, not -Q: site-start
# is what puts Debian's elpa-eglot on the load path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
export COPYDESK
COPYDESK=$(realpath "${COPYDESK:-$repo/target/debug/copydesk}")
if ! command -v emacs >/dev/null || ! emacs --batch -q -l package --eval '(progn (package-initialize) (require (quote eglot)))' >/dev/null 2>&1; then
  echo "SKIPPED: no Emacs with eglot (apt-get install emacs-nox elpa-eglot)"
  exit 0
fi
emacs --version | head -1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export COPYDESK_E2E_DIR="$work"
timeout 120 emacs --batch -q -l package --eval '(package-initialize)' -l "$here/e2e.el" </dev/null
