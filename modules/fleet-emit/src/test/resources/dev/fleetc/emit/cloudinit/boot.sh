#!/usr/bin/env bash
# Boots a machine once through real cloud-init: ROOT (a Debian root with cloud-init, never written)
# under an overlay whose upper layer is CASE/disk (kept between boots, so a second call is a
# reboot), a NoCloud seed from CASE/seed, in a private mount, UTS, IPC, network and PID namespace,
# chrooted. What would reach the network or the init system is a stand-in (standins/, see
# FirstBootCloudInitTest): systemctl, curl, the K3s installer and k3s, snap and microk8s.
#
# usage: boot.sh ROOT CASE   (as root). Environment:
#   SECRETS_AFTER=S      copy CASE/secrets.env to /etc/fleetc/secrets.env S seconds after the
#                        node says it waits for its secrets (so it provably waited)
#   TARGET_UP_AFTER=S    CASE/answering (URL prefixes that answer, see standins/curl) takes effect
#                        S seconds after the node says it waits for its join target (default: at
#                        boot)
#   POWER_OFF_WHEN=TEXT  power off (end the namespace) once the status starts with TEXT
#   BOOT_TIMEOUT=S       power off after S seconds whatever happens (default 150)
# Leaves CASE/boot-N.log (cloud-init status) and CASE/control/ (the stand-ins' records).
set -euo pipefail
root=$(realpath "$1")
case_dir=$(realpath "$2")
here=$(dirname "$(realpath "$0")")

if [[ ${FLEETC_BOOT_INNER:-} != 1 ]]; then
  mkdir -p "$case_dir/disk" "$case_dir/work" "$case_dir/merged" "$case_dir/control"
  exec env FLEETC_BOOT_INNER=1 unshare --mount --uts --ipc --net --pid --fork \
    --propagation private bash "$0" "$@"
fi

# From here on: pid 1 of a private namespace; everything started below dies with it (power off).
merged=$case_dir/merged
control=$case_dir/control
mount -t overlay overlay -o "lowerdir=$root,upperdir=$case_dir/disk,workdir=$case_dir/work" "$merged"
mount -t proc proc "$merged/proc"
mount --rbind /dev "$merged/dev"
mount -t tmpfs tmpfs "$merged/run"
mount -t tmpfs tmpfs "$merged/tmp"
mkdir -p "$merged/fleetc-test"
mount --bind "$control" "$merged/fleetc-test"
ip link set lo up 2>/dev/null || true

boot=$(($(cat "$control/boots" 2>/dev/null || echo 0) + 1))
echo "$boot" >"$control/boots"
install -m 0755 "$here"/standins/* "$merged/usr/local/bin/"
install -d "$merged/var/lib/cloud/seed/nocloud"
cp "$case_dir/seed/user-data" "$case_dir/seed/meta-data" "$merged/var/lib/cloud/seed/nocloud/"
# The seed is found without ds-identify; no network configuration is applied in a chroot.
cat >"$merged/etc/cloud/cloud.cfg.d/99-fleetc-test.cfg" <<'CFG'
datasource_list: [NoCloud, None]
network: {config: disabled}
CFG

status_file=$merged/var/lib/fleetc/status
# after_status TEXT SECONDS COMMAND...: runs COMMAND SECONDS after the status starts with TEXT.
after_status() {
  local text=$1 seconds=$2
  shift 2
  until [[ $(cat "$status_file" 2>/dev/null) == "$text"* ]]; do sleep 0.2; done
  sleep "$seconds"
  "$@"
}
rm -f "$control/answering"
if [[ -n ${TARGET_UP_AFTER:-} ]]; then
  after_status waiting-for-join-target "$TARGET_UP_AFTER" \
    cp "$case_dir/answering" "$control/answering" &
elif [[ -f $case_dir/answering ]]; then
  cp "$case_dir/answering" "$control/answering"
fi
if [[ -n ${SECRETS_AFTER:-} ]]; then
  after_status waiting-for-secrets "$SECRETS_AFTER" \
    install -D -m 0600 "$case_dir/secrets.env" "$merged/etc/fleetc/secrets.env" &
fi

in_root() {
  chroot "$merged" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 "$@"
}
{
  # The four stages, as cloud-init-local, cloud-init, cloud-config and cloud-final run them.
  in_root cloud-init init --local
  in_root cloud-init init
  in_root cloud-init modules --mode=config
  in_root cloud-init modules --mode=final
} >"$case_dir/cloud-init-$boot.log" 2>&1 || true
in_root cloud-init status --long >"$case_dir/boot-$boot.log" 2>&1 || true
# What systemd does after cloud-final: start the enabled units (the stand-in skips running ones).
in_root systemctl start-enabled >>"$case_dir/boot-$boot.log" 2>&1 || true

for ((second = 0; second < ${BOOT_TIMEOUT:-150}; second++)); do
  status=$(cat "$status_file" 2>/dev/null || true)
  if [[ -n ${POWER_OFF_WHEN:-} && $status == "$POWER_OFF_WHEN"* ]]; then
    sleep 1
    echo "power off at: $status" >>"$case_dir/boot-$boot.log"
    break
  fi
  if [[ $status == joined || $status == *"gave up"* ]]; then
    break
  fi
  sleep 1
done
echo "fleetc status: $(cat "$status_file" 2>/dev/null || echo none)" >>"$case_dir/boot-$boot.log"
cp "$merged/var/log/cloud-init-output.log" "$case_dir/cloud-init-output-$boot.log" 2>/dev/null || true
