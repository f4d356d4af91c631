#!/bin/sh
# Writes Tessera's class-data sharing archive, tessera.jsa, beside this script (lib/app of an
# install): the classes in tessera.classlist (made by packaging/build.sh from a render and the
# studio), parsed and verified once, which every start then maps in ready (docs/results/startup.md).
# JDK 17 checks an archive against the absolute paths of the class path, so it is made where the app
# is installed: by the .deb's postinst, and by build.sh for the app image in place. Without it, or
# when it no longer matches the jars, Tessera starts as usual, only slower.
set -e
APPDIR="$(cd "$(dirname "$0")" && pwd)"
JAVA="$APPDIR/../runtime/bin/java"
[ -f "$APPDIR/tessera.classlist" ] || { echo "make-cds-archive: no $APPDIR/tessera.classlist" >&2; exit 1; }
# The launcher's class path, in the launcher's order (Tessera.cfg's app.classpath lines).
CP="$(sed -n 's|^app.classpath=\$APPDIR|'"$APPDIR"'|p' "$APPDIR/Tessera.cfg" | paste -sd: -)"
[ -n "$CP" ] || { echo "make-cds-archive: no app.classpath in $APPDIR/Tessera.cfg" >&2; exit 1; }
tmp="$APPDIR/tessera.jsa.tmp.$$"
if "$JAVA" -Xshare:dump -XX:SharedClassListFile="$APPDIR/tessera.classlist" -XX:SharedArchiveFile="$tmp" \
        -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$CP" >/dev/null 2>&1 && [ -s "$tmp" ]; then
    mv -f "$tmp" "$APPDIR/tessera.jsa"
else
    rm -f "$tmp"
    echo "make-cds-archive: could not write $APPDIR/tessera.jsa; Tessera starts without it" >&2
    exit 1
fi
