# Sourced by build.sh, smoke-test.sh and startup-times.sh: a virtual screen for the studio.
# start_xvfb DIR: starts Xvfb on a free display (1280x800, 24 bits, black root, no pointer), its
# screen kept up to date in DIR/Xvfb_screen0 (XWD, read by smoke/ScreenCheck.java); sets XVFB_PID
# and XVFB_DISPLAY (":N"). stop_xvfb ends it.
start_xvfb() {
    local dir="$1"
    mkdir -p "$dir"
    rm -f "$dir/display"
    Xvfb -displayfd 3 -screen 0 1280x800x24 -fbdir "$dir" -nolisten tcp -br -nocursor \
        3>"$dir/display" 2>"$dir/xvfb.log" &
    XVFB_PID=$!
    local _
    for _ in $(seq 100); do [ -s "$dir/display" ] && break; sleep 0.1; done
    if [ ! -s "$dir/display" ]; then
        echo "Xvfb did not start: $(cat "$dir/xvfb.log")" >&2
        return 1
    fi
    XVFB_DISPLAY=":$(cat "$dir/display")"
}

stop_xvfb() {
    if [ -n "${XVFB_PID:-}" ]; then
        kill "$XVFB_PID" 2>/dev/null || true
        wait "$XVFB_PID" 2>/dev/null || true
        XVFB_PID=""
    fi
}
