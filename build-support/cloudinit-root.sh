#!/usr/bin/env bash
# Builds, once, the throw-away Debian root in which FirstBootCloudInitTest boots generated user-data
# through real cloud-init (Debian bookworm's cloud-init 22.4), and prints its path. The root is
# cached under CACHE/<digest of this file>/root, so a changed recipe builds a new one; the test
# computes the same path and skips, saying so, when it is not there. Needs root and mmdebstrap.
#
# usage: build-support/cloudinit-root.sh [CACHE]
#   CACHE defaults to $FLEETC_CLOUDINIT_CACHE, else ~/.cache/fleetc/cloudinit-root;
#   FLEETC_DEBIAN_MIRROR overrides the mirror (default http://deb.debian.org/debian).
# Recipe: bookworm, variant apt, plus cloud-init, iproute2, procps and locales with en_US.UTF-8
# generated, as on a cloud image (cloud-init's locale module sets it; Debian's locale-gen ignores
# its arguments). No curl, systemd or snap: the test puts stand-ins there.
set -euo pipefail
cache=${1:-${FLEETC_CLOUDINIT_CACHE:-$HOME/.cache/fleetc/cloudinit-root}}
key=$(sha256sum "$0" | cut -c 1-16)
dir=$cache/$key
if [[ -f $dir/complete ]]; then
  echo "$dir/root"
  exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
mmdebstrap --quiet --mode=root --variant=apt --include=cloud-init,locales,iproute2,procps \
  --customize-hook='sed -i "s/^# *en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/" "$1/etc/locale.gen"' \
  --customize-hook='chroot "$1" locale-gen' \
  bookworm "$dir/root" "${FLEETC_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >&2
touch "$dir/complete"
echo "$dir/root"
