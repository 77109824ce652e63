#!/usr/bin/env bash
# Runs a command where an OS keychain (Linux Secret Service) is reachable, so keychain tests
# never skip. If the current session bus already has org.freedesktop.secrets, the command runs
# as is; otherwise it runs inside a private `dbus-run-session` with a throwaway gnome-keyring
# (fresh XDG_DATA_HOME / XDG_RUNTIME_DIR, unlocked with a dummy password) that is removed after.
# Needs: dbus (dbus-run-session, dbus-send), gnome-keyring. Set PIM_KEYRING=private to force
# the private session even when a desktop keyring is reachable (e.g. to keep test keys out of it).
# Usage: bash test/with-keyring.sh npx vitest run
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 command [args...]" >&2
  exit 2
fi

secret_service_reachable() {
  [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || return 1
  command -v dbus-send >/dev/null 2>&1 || return 1
  # Only a service that is already running counts: D-Bus activation of a keyring in a headless
  # session would start a locked keyring whose unlock prompt nobody can answer.
  timeout 5 dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
}

if [ "${PIM_KEYRING:-}" != "private" ] && secret_service_reachable; then
  echo "with-keyring: using the Secret Service already on this session bus" >&2
  exec "$@"
fi

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: $tool is missing; install: apt-get install -y --no-install-recommends dbus dbus-x11 gnome-keyring libsecret-tools" >&2
    exit 127
  fi
done

XDG_DATA_HOME="$(mktemp -d)"
XDG_RUNTIME_DIR="$(mktemp -d)"
chmod 700 "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
export XDG_DATA_HOME XDG_RUNTIME_DIR
# A forced private session must not talk to the outer bus's keyring.
unset GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
cleanup() { rm -rf "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"; }
trap cleanup EXIT

echo "with-keyring: no Secret Service reachable; running in a private dbus-run-session with a throwaway gnome-keyring" >&2
set +e
dbus-run-session -- bash -c '
  printf pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null || {
    echo "with-keyring: gnome-keyring-daemon failed to start" >&2; exit 1; }
  "$@"
  status=$?
  # The daemon outlives the command otherwise and keeps dbus-run-session waiting.
  pkill_pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null | awk "/uint32/ {print \$2}")
  [ -n "$pkill_pid" ] && kill "$pkill_pid" 2>/dev/null
  exit $status
' with-keyring "$@"
status=$?
exit "$status"
