#!/bin/sh
# Starts Elasticsearch the way bin/elasticsearch does (that script needs bash, which the image lacks):
# the server CLI launcher, which starts the server JVM with the options of config/jvm.options*.
#
# WEIR_ES_SECURITY=tls: basic auth (file realm, user made by prepare.sh) and HTTPS with the
# certificate prepare.sh made; anything else: no security, plain HTTP.
set -eu

home=/opt/elasticsearch
case "${WEIR_ES_SECURITY:-off}" in
  tls)
    set -- -Expack.security.enabled=true \
      -Expack.security.http.ssl.enabled=true \
      -Expack.security.http.ssl.key=certs/http/http.key \
      -Expack.security.http.ssl.certificate=certs/http/http.crt \
      -Expack.security.http.ssl.certificate_authorities=certs/ca/ca.crt \
      -Expack.security.transport.ssl.enabled=false \
      "$@"
    ;;
  *)
    set -- -Expack.security.enabled=false "$@"
    ;;
esac

cd "$home"
exec java -Xms4m -Xmx64m -XX:+UseSerialGC \
  -Dcli.name=server -Dcli.script="$home/bin/elasticsearch" -Dcli.libs=lib/tools/server-cli \
  -Des.path.home="$home" -Des.path.conf="$home/config" -Des.distribution.type=zip -Des.java.type=JAVA_HOME \
  -cp "$home/lib/*:$home/lib/cli-launcher/*" org.elasticsearch.launcher.CliToolLauncher "$@"
