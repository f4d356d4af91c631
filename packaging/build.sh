#!/usr/bin/env bash
# Builds Tessera's Linux x86-64 packages with jpackage (JDK 17):
#   target/packaging/image/Tessera/        an app image (bin/Tessera is the launcher)
#   target/packaging/tessera_<v>_amd64.deb the same app as a Debian package, installed in /opt/tessera
# Both carry a jlinked Java runtime, JavaFX, DJL's PyTorch natives, ONNX Runtime with the MiniLM
# encoder, and the bundled models: the user needs neither Maven nor a JDK. See docs/packaging.md.
#
#   packaging/build.sh              build the jar (mvn package, no tests), then the image and the .deb
#   packaging/build.sh --no-maven   package the jar already in ui/target (CI, after `mvn verify`)
#   packaging/build.sh --image-only skip the .deb
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/target/packaging"
NAME=Tessera
# jpackage wants a numeric version: the pom's, without -SNAPSHOT.
VERSION="$(sed -n 's|^  <version>\([0-9.]*\).*</version>|\1|p' "$ROOT/pom.xml" | head -1)"
[[ -n "$VERSION" ]] || { echo "build.sh: no <version> found in $ROOT/pom.xml" >&2; exit 1; }

maven=1 deb=1
for arg in "$@"; do
    case "$arg" in
        --no-maven) maven=0 ;;
        --image-only) deb=0 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
    esac
done
for tool in jpackage jlink jar unzip; do
    command -v "$tool" >/dev/null || { echo "build.sh: $tool not found (it comes with JDK 17 / Debian's unzip)" >&2; exit 1; }
done
if ((deb)); then
    for tool in dpkg-deb fakeroot; do
        command -v "$tool" >/dev/null || { echo "build.sh: $tool not found; install it (apt-get install $tool) or use --image-only" >&2; exit 1; }
    done
fi

step() { echo "build.sh: $*" >&2; }
start=$(date +%s)

if ((maven)); then
    step "building the jar (mvn package, tests skipped)"
    (cd "$ROOT" && mvn -B -q -DskipTests package -pl ui -am) 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
fi
JAR="$ROOT/ui/target/tessera.jar"
[[ -f "$JAR" && -d "$ROOT/ui/target/lib" ]] || { echo "build.sh: $JAR missing; run without --no-maven" >&2; exit 1; }

rm -rf "$OUT"
mkdir -p "$OUT/input/lib" "$OUT/input/native/onnxruntime"

# 1. The application folder (lib/app in the image): the jar, its class path (lib/, named by the
#    jar's manifest), the models read as files (AppLocation: assets/models) and the training configs
#    the bundled models are reproduced from (configs/).
step "staging the application"
cp "$JAR" "$OUT/input/"
cp "$ROOT"/ui/target/lib/*.jar "$OUT/input/lib/"
mkdir -p "$OUT/input/assets"
cp -r "$ROOT/assets/models" "$OUT/input/assets/"
cp "$ROOT"/assets/data/NOTICE.md "$ROOT"/assets/data/*LICENSE* "$OUT/input/assets/" 2>/dev/null || true
cp -r "$ROOT/configs" "$OUT/input/"
cp "$ROOT/packaging/linux/make-cds-archive.sh" "$OUT/input/"

# ONNX Runtime's jar carries natives for five platforms (93 MB, 75 of them for macOS and Windows)
# and unpacks the one it needs into /tmp on every start. The package ships the Linux x86-64 pair
# unpacked (loaded in place through -Donnxruntime.native.path) and the jar without natives.
ort="$(ls "$OUT"/input/lib/onnxruntime-*.jar)"
unzip -q -j "$ort" 'ai/onnxruntime/native/linux-x64/*' -d "$OUT/input/native/onnxruntime"
[[ -f "$OUT/input/native/onnxruntime/libonnxruntime.so" && -f "$OUT/input/native/onnxruntime/libonnxruntime4j_jni.so" ]] \
    || { echo "build.sh: $ort has no linux-x64 natives" >&2; exit 1; }
slim="$OUT/ort-slim"
mkdir -p "$slim"
unzip -q "$ort" -x 'ai/onnxruntime/native/*' -d "$slim"
rm "$ort"
jar --create --file "$ort" --manifest "$slim/META-INF/MANIFEST.MF" -C "$slim" .
rm -rf "$slim"

# 2. The Java runtime: only the modules the app and its libraries use (jdeps over the class path;
#    the reflective ones, like java.sql for Jackson and jdk.unsupported for JavaFX and ONNX Runtime,
#    are named by hand). JavaFX stays on the class path as jars, as in ./tessera.
MODULES=java.base,java.compiler,java.datatransfer,java.desktop,java.logging,java.management,java.naming,java.prefs,java.scripting,java.sql,java.xml,jdk.crypto.ec,jdk.unsupported,jdk.unsupported.desktop,jdk.zipfs
step "jlink: $MODULES"
jlink --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages --generate-cds-archive \
    --output "$OUT/runtime"

# 3. The app image. The launcher tells the app where its files are ($APPDIR is lib/app) and where
#    ONNX Runtime's natives are; everything the app writes goes to the user's data folder
#    (TesseraHome: $XDG_DATA_HOME/tessera), so the install may be read-only.
JAVA_OPTIONS=(
    "-Dtessera.app.root=\$APPDIR"
    "-Donnxruntime.native.path=\$APPDIR/native/onnxruntime"
    "-XX:SharedArchiveFile=\$APPDIR/tessera.jsa"
    "-Xlog:cds=off"
    "-Xlog:cds+dynamic=off"
)
java_opts=()
for o in "${JAVA_OPTIONS[@]}"; do java_opts+=(--java-options "$o"); done
step "jpackage: app image"
jpackage --type app-image --name "$NAME" --app-version "$VERSION" --vendor "Tessera" \
    --description "Studio for small images and videos with block-wise autoregressive diffusion" \
    --input "$OUT/input" --main-jar tessera.jar --main-class dev.tessera.ui.TesseraMain \
    --runtime-image "$OUT/runtime" --icon "$ROOT/packaging/tessera.png" \
    "${java_opts[@]}" --dest "$OUT/image"

# 4. Class-data sharing: the classes a render and the studio load, listed by running the image
#    (the studio under Xvfb when this machine has it), become lib/app/tessera.classlist. The archive
#    made from it must be made where the app is installed (make-cds-archive.sh says why): the .deb's
#    postinst makes it, and this script makes one for the image where it is, after the .deb.
IMAGE_APP="$OUT/image/$NAME/lib/app"
LAUNCHER="$OUT/image/$NAME/bin/$NAME"
export XDG_DATA_HOME="$ROOT/target/packaging-home"   # DJL's natives, unpacked once across builds
step "class list: one render"
JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$OUT/cli.classlist" "$LAUNCHER" generate --quiet \
    --prompt "cat face" --steps 1 -n 1 --out "$OUT/classlist-render" 2>&1 | { grep -v '^Picked up' || true; } >&2
lists=("$OUT/cli.classlist")
if command -v Xvfb >/dev/null; then
    step "class list: the studio under Xvfb"
    # shellcheck source=packaging/xvfb.sh
    . "$ROOT/packaging/xvfb.sh"
    start_xvfb "$OUT/xvfb"
    DISPLAY="$XVFB_DISPLAY" JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$OUT/studio.classlist" "$LAUNCHER" \
        > "$OUT/studio-classlist.log" 2>&1 &
    studio=$!
    java "$ROOT/packaging/smoke/ScreenCheck.java" "$OUT/xvfb/Xvfb_screen0" "$OUT/classlist-studio.png" 180 >&2 \
        || echo "build.sh: the studio showed no window; its classes are left out of the list" >&2
    sleep 2   # the first frames' classes
    kill "$studio" 2>/dev/null; wait "$studio" 2>/dev/null || true
    stop_xvfb
    lists+=("$OUT/studio.classlist")
else
    step "no Xvfb: the studio's classes are left out of the class list (apt-get install xvfb)"
fi
cat "${lists[@]}" | grep -v '^#' | awk '!seen[$0]++' > "$IMAGE_APP/tessera.classlist"
step "class list: $(wc -l < "$IMAGE_APP/tessera.classlist") entries"
rm -f "$IMAGE_APP/tessera.jsa"

# 5. The .deb, from that image: desktop entry, icon, "Open with" for PNGs, GTK 3 for the window.
if ((deb)); then
    step "jpackage: .deb"
    # Most of the payload is jars and natives that xz (dpkg's default) shrinks by little, at minutes
    # of CPU; gzip takes seconds. DPKG_DEB_COMPRESSOR_TYPE=xz packaging/build.sh for the smallest file.
    export DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-gzip}"
    jpackage --type deb --app-image "$OUT/image/$NAME" --name "$NAME" --app-version "$VERSION" \
        --vendor "Tessera" --description "Studio for small images and videos with block-wise autoregressive diffusion" \
        --linux-package-name tessera --linux-app-category graphics --linux-menu-group "Graphics" \
        --linux-shortcut --linux-package-deps libgtk-3-0 --install-dir /opt \
        --icon "$ROOT/packaging/tessera.png" --resource-dir "$ROOT/packaging/linux" \
        --file-associations "$ROOT/packaging/png.properties" \
        --dest "$OUT"
fi
step "class-data sharing archive for the image in place"
"$IMAGE_APP/make-cds-archive.sh" || true
step "done in $(( $(date +%s) - start )) s:"
for f in "$OUT"/*.deb "$OUT/image/$NAME/bin/$NAME"; do [[ -f "$f" ]] && echo "  $f ($(du -sh "$f" | cut -f1))" >&2; done
true
