#!/usr/bin/env bash
# Builds the Docker images the integration tests run. No registry is reachable from these machines,
# so every image is made locally: a FROM-scratch JRE from the host JDK 17, and system images on top
# of it from Maven artifacts.
#
# Each tag ends in a hash of the image's inputs (its docker/<image> directory, this script, the
# base image tag, and for the JRE the host JDK and libraries), so an image is built once per change
# of its inputs and reused otherwise, also by other checkouts sharing the Docker engine.
#
# Usage: build-images.sh PROPERTIES_FILE
#   Writes one `system=tag` line per image to PROPERTIES_FILE, which dev.weir.it.containers.WeirImages
#   reads. Build contexts and logs go to docker-build/ beside it. DockerEnvironment, on the Java
#   side, extracts this directory from the harness jar and runs this script once per test JVM.
set -euo pipefail

docker_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
properties_file=${1:?usage: build-images.sh PROPERTIES_FILE}
work_dir=$(dirname "$properties_file")/docker-build

mkdir -p "$work_dir"
# Two builds of this checkout at once would overwrite each other's build contexts.
exec 9>"$work_dir/.lock"
flock 9

short_hash() {
  sha256sum | cut -c1-12
}

# Path, mode and content hash of every file under the given paths: editing, adding, renaming or
# chmod-ing an input changes the image hash.
describe_files() {
  find "$@" -type f -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' file; do
    printf '%s %s %s\n' "${file#"$docker_dir"/}" "$(stat -c %a "$file")" "$(sha256sum <"$file" | cut -d' ' -f1)"
  done
}

image_exists() {
  docker image inspect "$1" >/dev/null 2>&1
}

# Runs a command with its output in a log file, shown only when the command fails.
run_logged() {
  local log=$1
  shift
  if ! "$@" >"$log" 2>&1; then
    echo "build-images: failed: $*" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}

# Builds the image unless a tag with the same input hash already exists.
ensure_image() {
  local tag=$1 build_function=$2
  if image_exists "$tag"; then
    echo "$tag (reused)"
    return
  fi
  local started=$SECONDS
  "$build_function" "$tag"
  echo "$tag (built in $((SECONDS - started)) s)"
}

find_jdk17() {
  local jdk=${JAVA_HOME:-}
  if [[ -z $jdk || ! -x $jdk/bin/jlink ]]; then
    jdk=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  fi
  if ! grep -q '^JAVA_VERSION="17\.' "$jdk/release" 2>/dev/null; then
    echo "build-images: weir/jre17 needs a JDK 17 with jlink; found '$jdk'. Set JAVA_HOME." >&2
    exit 1
  fi
  echo "$jdk"
}

jdk=$(find_jdk17)

# Loaded with dlopen (glibc's NSS, RocksDB, Netty), so ldd does not list them.
dlopened_libraries=(libpthread.so.0 libdl.so.2 librt.so.1 libnss_files.so.2 libnss_dns.so.2 libresolv.so.2
  libgcc_s.so.1 libstdc++.so.6)

jre17_inputs() {
  cat "$jdk/release"
  dpkg-query -W -f '${Package} ${Version}\n' libc6 libgcc-s1 libstdc++6 dash coreutils
  describe_files "$docker_dir/jre17" "$docker_dir/build-images.sh"
}

build_jre17() {
  local tag=$1
  local rootfs=$work_dir/jre17/rootfs
  rm -rf "$work_dir/jre17"
  mkdir -p "$rootfs"/{bin,etc,tmp,root,home/weir}

  run_logged "$work_dir/jre17-jlink.log" "$jdk/bin/jlink" \
    --add-modules "$(grep -v '^#' "$docker_dir/jre17/modules.txt" | paste -sd,)" \
    --strip-debug --compress=2 --no-header-files --no-man-pages --generate-cds-archive \
    --output "$rootfs/opt/java"

  # dash is the image's /bin/sh; sleep lets entrypoints wait for files the tests copy in.
  cp /bin/dash "$rootfs/bin/sh"
  cp /bin/sleep "$rootfs/bin/sleep"
  cp "$docker_dir"/jre17/etc/* "$rootfs/etc/"

  local library_dir
  library_dir=$(dirname "$(ldd /bin/dash | awk '$1 ~ /^libc\.so/ {print $3}')")
  local binaries=("$rootfs"/bin/*)
  mapfile -t -O "${#binaries[@]}" binaries < <(find "$rootfs/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \))
  local name
  for name in "${dlopened_libraries[@]}"; do
    binaries+=("$library_dir/$name")
  done
  # ldd prints `name => /path (addr)` for libraries and `/path (addr)` for the loader; the
  # headers it prints per file end in a colon. The JDK's own libraries are already in place.
  local library
  {
    ldd "${binaries[@]}" 2>/dev/null |
      awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $1 !~ /:$/ {print $1}'
    printf "$library_dir/%s\n" "${dlopened_libraries[@]}"
  } | grep -v "^$rootfs/" | LC_ALL=C sort -u >"$work_dir/jre17/libraries.txt"
  while IFS= read -r library; do
    mkdir -p "$rootfs$(dirname "$library")"
    cp -L "$library" "$rootfs$library"
  done <"$work_dir/jre17/libraries.txt"

  chmod 1777 "$rootfs/tmp"
  chmod 700 "$rootfs/root"
  chown 1000:1000 "$rootfs/home/weir"

  # docker import keeps the tar's owners (home/weir belongs to uid 1000); a Dockerfile COPY
  # would make everything root's.
  tar -C "$rootfs" --numeric-owner -c . |
    run_logged "$work_dir/jre17-import.log" docker import \
      --change 'ENV JAVA_HOME=/opt/java' \
      --change 'ENV PATH=/opt/java/bin:/bin' \
      --change 'ENV LANG=C.UTF-8' \
      - "$tag"
  run_logged "$work_dir/jre17-smoke.log" docker run --rm --user weir "$tag" sh -c 'java -version && sleep 0'
}

# Every other directory with an artifacts.pom.xml is a system image on top of the JRE: its Maven
# artifacts (with their runtime dependencies) are copied into libs/ of the build context, an
# optional prepare.sh runs there on the host (to unpack a distribution, say), and its Dockerfile is
# built with BASE_IMAGE set to the JRE. The image is named after the directory and tagged with the
# <image.version> property of artifacts.pom.xml plus the input hash. A settings.xml beside the pom is
# used for the copy (Pulsar's parent pom names a repository that must be mirrored to Central).
system_inputs() {
  echo "$jre17_tag"
  describe_files "$1" "$docker_dir/build-images.sh"
}

build_system() {
  local tag=$1 name=${1#weir/}
  name=${name%%:*}
  local context=$work_dir/$name
  rm -rf "$context"
  cp -r "$docker_dir/$name" "$context"
  local settings=()
  [[ -f $context/settings.xml ]] && settings=(-s "$context/settings.xml")
  run_logged "$work_dir/$name-artifacts.log" mvn -B -ntp "${settings[@]}" -f "$context/artifacts.pom.xml" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$context/libs"
  if [[ -f $context/prepare.sh ]]; then
    run_logged "$work_dir/$name-prepare.log" bash -c 'cd "$1" && bash ./prepare.sh' prepare "$context"
  fi
  # The legacy builder: BuildKit (buildx) is not installed with Debian's docker.io.
  run_logged "$work_dir/$name-build.log" env DOCKER_BUILDKIT=0 docker build \
    --build-arg BASE_IMAGE="$jre17_tag" -t "$tag" "$context"
}

jre17_tag=weir/jre17:$(jre17_inputs | short_hash)
ensure_image "$jre17_tag" build_jre17

tags=("jre17=$jre17_tag")
for system_dir in "$docker_dir"/*/; do
  system_dir=${system_dir%/}
  [[ -f $system_dir/artifacts.pom.xml ]] || continue
  name=$(basename "$system_dir")
  version=$(sed -n 's:.*<image.version>\(.*\)</image.version>.*:\1:p' "$system_dir/artifacts.pom.xml")
  : "${version:?no <image.version> property in docker/$name/artifacts.pom.xml}"
  tag=weir/$name:$version-$(system_inputs "$system_dir" | short_hash)
  ensure_image "$tag" build_system
  tags+=("$name=$tag")
done

mkdir -p "$(dirname "$properties_file")"
{
  echo "# Written by build-images.sh (weir-test-harness); read by dev.weir.it.containers.WeirImages."
  printf '%s\n' "${tags[@]}"
} >"$properties_file.tmp"
mv "$properties_file.tmp" "$properties_file"
