#!/usr/bin/env bash
# Install the Debian packages that Mandi needs from the machine rather
# than from PyPI: the Unicode fonts that contract PDFs embed (DejaVu Sans
# for text and the rupee sign, Lohit Devanagari for Devanagari names).
# `make run` and `make test` call it.
#
# Usage:
#   scripts/system-packages.sh          # install what is missing
#   scripts/system-packages.sh check    # only say what is missing
#
# Idempotent and fast when nothing is missing: a package counts as
# present when the files Mandi reads from it exist (no dpkg, no apt). A
# file found in MANDI_CONTRACT_FONT_DIR (the folder the app searches
# first) makes its package unnecessary, for machines without apt.
# A missing package is installed when running as root; otherwise, and
# for `check`, the script prints the apt-get command and exits 1.
# Keep the names and files in step with
# backend/modules/trading/infrastructure/contract_fonts.py.

set -euo pipefail

readonly PROG="system-packages.sh"
readonly FONT_DIR="${MANDI_CONTRACT_FONT_DIR:-}"

# "package|file the app reads|..." per line
readonly PACKAGES="
fonts-dejavu-core|/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf|/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
fonts-lohit-deva|/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf
"

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

usage() {
  cat <<EOF
usage: scripts/system-packages.sh [install|check]   (default: install)
EOF
}

# A file is there at its Debian path or, by name, in MANDI_CONTRACT_FONT_DIR.
file_present() {
  local path="$1"
  [[ -f "$path" ]] && return 0
  [[ -n "$FONT_DIR" && -f "$FONT_DIR/$(basename "$path")" ]]
}

# Prints the packages with at least one file missing, one per line.
missing_packages() {
  local line package path
  local -a files
  while IFS= read -r line; do
    [[ -n "$line" ]] || continue
    IFS='|' read -r -a files <<<"$line"
    package="${files[0]}"
    for path in "${files[@]:1}"; do
      if ! file_present "$path"; then
        printf '%s\n' "$package"
        break
      fi
    done
  done <<<"$PACKAGES"
}

main() {
  local cmd="${1:-install}" missing
  case "$cmd" in
    install | check) ;;
    -h | --help | help)
      usage
      return 0
      ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
  missing="$(missing_packages | tr '\n' ' ')"
  missing="${missing% }"
  [[ -n "$missing" ]] || return 0
  local command="apt-get install -y --no-install-recommends $missing"
  if [[ "$cmd" == check ]] || ((EUID != 0)) || ! command -v apt-get >/dev/null 2>&1; then
    die "not installed: $missing; run '$command' as root (or rerun this script as root), or set MANDI_CONTRACT_FONT_DIR to a folder holding the font files"
  fi
  log "installing $missing from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2 || die "apt-get update failed"
  # shellcheck disable=SC2086 # one word per package is intended
  apt-get install -y --no-install-recommends $missing >&2 || die "$command failed"
  local still
  still="$(missing_packages | tr '\n' ' ')"
  [[ -z "$still" ]] || die "installed, but files of ${still% } are still missing"
  log "installed $missing"
}

main "$@"
