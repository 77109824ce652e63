#!/usr/bin/env bash
# `npm test`: everything that can run on this machine, in one go, from a plain shell.
# Enters a private D-Bus session with an unlocked gnome-keyring when no Secret Service is
# reachable (so keychain tests never skip), then runs test/run-all.sh inside it.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash test/with-keyring.sh bash test/run-all.sh "$@"
