#!/usr/bin/env bash
# The platform-dependent suites (vitest.platform.config.ts: main/electron/**) with
# process.platform faked as win32, then darwin: the D-Bus tests must stand down (no
# dbus-daemon there) and every per-OS path must pass, as on the Windows and macOS CI jobs.
# Usage: bash test/platform-faked.sh [extra vitest args]
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
for platform in win32 darwin; do
  echo "-- process.platform faked as $platform"
  PIM_FAKE_PLATFORM="$platform" npx vitest run -c vitest.platform.config.ts "$@" || status=1
done
exit $status
