#!/bin/sh
# Builds the four service images with Jib, without a Docker daemon (docs/deployment.md).
#
#   deployment/build-images.sh            # image tarballs: <service>/target/jib-image.tar (docker load -i ...)
#   deployment/build-images.sh docker     # into the local Docker daemon (jib:dockerBuild)
#   deployment/build-images.sh push       # to the registry named by JIB_TO_PREFIX (jib:build), e.g. registry.example.com/
#
# JIB_FROM_IMAGE: the base image (default eclipse-temurin:17-jre; it must be pullable). Where no registry is
# reachable, JIB_FROM_IMAGE=scratch builds the layers only (an image that cannot run: no JRE).
# JIB_TO_TAG: the tag (default: the project version). Extra arguments go to Maven.
set -eu
cd "$(dirname "$0")/.."
goal=jib:buildTar
case "${1:-tar}" in
  tar) ;;
  docker) goal=jib:dockerBuild ;;
  push) goal=jib:build ;;
  *) echo "usage: $0 [tar|docker|push] [maven arguments]" >&2; exit 2 ;;
esac
[ $# -gt 0 ] && shift
set -- -Djib.from.image="${JIB_FROM_IMAGE:-eclipse-temurin:17-jre}" "$@"
[ -n "${JIB_TO_PREFIX:-}" ] && set -- -Djib.to.prefix="$JIB_TO_PREFIX" "$@"
[ -n "${JIB_TO_TAG:-}" ] && set -- -Djib.to.tag="$JIB_TO_TAG" "$@"
./mvnw -q -pl planner-service,worker-service,tool-runner-service,audit-service -am package "$goal" -DskipTests "$@"
if [ "$goal" = jib:buildTar ]; then
  ls -l planner-service/target/jib-image.tar worker-service/target/jib-image.tar \
    tool-runner-service/target/jib-image.tar audit-service/target/jib-image.tar
fi
