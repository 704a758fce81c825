# Sourced by the scripts: finds Python 3.13 and makes a virtual environment for
# one Home Assistant release:
#   ensure_venv          .venv      requirements_test.txt      (HA 2026.2.3)
#   ensure_venv min      .venv-min  requirements_test_min.txt  (HA 2025.8.0)
# Both releases declare Python >= 3.13.2; Python 3.13.0 runs them, so pip gets
# --ignore-requires-python, and the release's own package_constraints.txt (read
# from its wheel) keeps every other package at the version that release pins.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.13 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python3.13 /usr/bin/python3.13 /usr/local/bin/python3.13; do
        [ -n "$candidate" ] || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' >/dev/null 2>&1; then
            command -v "$candidate" 2>/dev/null || echo "$candidate"
            return 0
        fi
    done
    echo "Python 3.13 not found: install it (pyenv install 3.13) or set PYTHON=/path/to/python3.13" >&2
    return 1
}

# pip, without the notes about find-links folders that this machine lacks.
quiet_pip() {
    local python="$1"
    shift
    "$python" -m pip "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}

# venv_for [min]: the folder and requirements file of a release.
venv_for() {
    if [ "${1:-}" = "min" ]; then
        echo "$ROOT/.venv-min" "$ROOT/requirements_test_min.txt"
    else
        echo "$ROOT/.venv" "$ROOT/requirements_test.txt"
    fi
}

ensure_venv() {
    local venv requirements
    read -r venv requirements < <(venv_for "${1:-}")
    if [ ! -x "$venv/bin/python" ]; then
        "$(find_python)" -m venv "$venv"
    fi
    local stamp="$venv/.requirements.sha256" want
    want="$(sha256sum "$requirements" | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        local release constraints="$venv/ha_package_constraints.txt" wheels="$venv/.ha-wheel"
        release="$(sed -n 's/^homeassistant==//p' "$requirements")"
        echo "Installing Home Assistant $release and the test requirements into ${venv#"$ROOT"/} (first run only) ..."
        quiet_pip "$venv/bin/python" install --quiet --upgrade pip
        rm -rf "$wheels"
        quiet_pip "$venv/bin/python" download --quiet --no-deps --ignore-requires-python \
            -d "$wheels" "homeassistant==$release"
        "$venv/bin/python" - "$wheels" "$constraints" <<'PY'
import pathlib, sys, zipfile
wheel = next(pathlib.Path(sys.argv[1]).glob("homeassistant-*.whl"))
with zipfile.ZipFile(wheel) as archive:
    text = archive.read("homeassistant/package_constraints.txt").decode()
pathlib.Path(sys.argv[2]).write_text(text)
PY
        quiet_pip "$venv/bin/python" install --quiet --ignore-requires-python \
            -r "$requirements" -c "$constraints"
        rm -rf "$wheels"
        echo "$want" >"$stamp"
    fi
    if [ "${1:-}" != "min" ]; then
        VENV="$venv"
    fi
}
