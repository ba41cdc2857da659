#!/usr/bin/env bash
# Checks a release with independent readers (frictionless, pyarrow, duckdb, pandas; feedparser for
# the Atom feed; openpyxl for the workbook):
#
#   bash tests/interop/run.sh [RELEASE_DIR]        (default: outputs)
#
# Needs python3 (3.11 or later) with venv or pip, and PyPI. The readers go into a virtualenv
# outside the repository, ${TREATY_VENV:-$HOME/.cache/treaty-venv}, created on first use and
# reused after; they are installed again only when requirements.txt (or the interpreter)
# changed. Then check_outputs.py runs on RELEASE_DIR, and for the committed release (outputs/)
# check_research.py too: one PASS or FAIL line per check and `N passed, M failed`; the exit code
# is non-zero when either failed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd -P)"
release="${1:-outputs}"
venv="${TREATY_VENV:-${HOME:-/tmp}/.cache/treaty-venv}"
python="${TREATY_PYTHON:-python3}"
requirements="$here/requirements.txt"

die() { echo "run.sh: $*" >&2; exit 2; }

[ "$#" -le 1 ] || die "usage: run.sh [RELEASE_DIR]"
[ -d "$release" ] || die "$release: not a directory"
command -v "$python" >/dev/null || die "$python not found (set TREATY_PYTHON to a Python 3.11+)"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || die "$("$python" --version 2>&1) is too old: the pinned readers need Python 3.11 or later"

venv="$("$python" -c 'import os, sys; print(os.path.realpath(sys.argv[1]))' "$venv")"
case "$venv/" in
  "$repo"/*) die "$venv is inside the repository: set TREATY_VENV to a directory outside it" ;;
esac
mkdir -p "$(dirname "$venv")"

# One install at a time when several checks share the virtualenv.
if command -v flock >/dev/null; then
  exec 9>"$venv.lock"
  flock 9
fi

# A virtualenv whose interpreter no longer runs (its Python was removed or upgraded) is made anew.
if [ -e "$venv" ] && ! "$venv/bin/python" -c '' 2>/dev/null; then
  [ -f "$venv/pyvenv.cfg" ] || die "$venv exists and is not a virtualenv: move it away"
  echo "run.sh: $venv does not run; making it anew" >&2
  rm -rf "$venv"
fi
if [ ! -e "$venv" ]; then
  echo "run.sh: creating the virtualenv $venv" >&2
  # Debian's python3 without python3-venv has no ensurepip: make the virtualenv without pip
  # and install into it with the outer pip.
  "$python" -m venv "$venv" 2>/dev/null || { rm -rf "$venv" && "$python" -m venv --without-pip "$venv"; }
fi

venv_pip() {
  if "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    "$venv/bin/python" -m pip "$@"
  else
    "$python" -m pip --python "$venv/bin/python" "$@"
  fi
}

# The stamp: the requirements' digest and the interpreter's version.
stamp="$venv/.treaty-requirements.sha256"
want="$("$venv/bin/python" -c 'import hashlib, sys
print(hashlib.sha256(open(sys.argv[1], "rb").read() + sys.version.encode()).hexdigest())' "$requirements")"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "run.sh: installing $requirements into $venv" >&2
  rm -f "$stamp"
  PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 venv_pip install --quiet --requirement "$requirements"
  echo "$want" >"$stamp"
fi

if command -v flock >/dev/null; then
  exec 9>&-
fi

# The stock validator, as users run it: it must say VALID for every resource (exit 0).
echo "run.sh: frictionless validate $release/datapackage.json" >&2
"$venv/bin/frictionless" validate "$release/datapackage.json"

status=0
"$venv/bin/python" "$here/check_outputs.py" "$release" || status=$?
# The research questions (tests/research/*.sql) in DuckDB, held to the answers `treaty query`
# gives over the committed release: only for that release.
if [ "$(cd "$release" && pwd -P)" = "$repo/outputs" ]; then
  "$venv/bin/python" "$here/check_research.py" "$release" || status=$?
fi
exit "$status"
