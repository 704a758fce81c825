# Sourced by scripts/demo, scripts/e2e and scripts/screenshot: the test .venv
# (scripts/_venv.sh) plus requirements_demo.txt, installed once (stamped).
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"

ensure_demo_venv() {
    ensure_venv
    local stamp="$VENV/.requirements_demo.sha256" want
    want="$(cat "$ROOT/requirements_test.txt" "$ROOT/requirements_demo.txt" | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        echo "Installing the demo's packages into .venv (first run only) ..."
        "$VENV/bin/python" -m pip install --quiet -r "$ROOT/requirements_demo.txt"
        echo "$want" >"$stamp"
    fi
}
