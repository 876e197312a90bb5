#!/usr/bin/env bash
# Runs on the host in the build context (build-images.sh): unpacks the distribution that
# artifacts.pom.xml copied into libs/, adds the test configuration, and makes what the secured mode
# of the image needs with the distribution's own tools: a CA and an HTTP certificate for
# localhost/127.0.0.1 (elasticsearch-certutil), and a file-realm superuser (elasticsearch-users).
# The image has no bash, and these tools need one, so they run here rather than in the container.
set -euo pipefail

unzip -q libs/elasticsearch-*.zip
rm -rf libs
mv elasticsearch-*/ elasticsearch
mkdir -p elasticsearch/data
cp config/elasticsearch.yml elasticsearch/config/elasticsearch.yml
cp config/weir-heap.options elasticsearch/config/jvm.options.d/weir-heap.options

# The tools run on the host's JDK; the distribution bundles none.
export ES_JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
# Absolute paths: the tools change into the Elasticsearch home first.
certs=$PWD/elasticsearch/config/certs
mkdir -p "$certs"
bash elasticsearch/bin/elasticsearch-certutil ca --pem --silent --out "$PWD/ca.zip"
unzip -q ca.zip -d "$certs"
bash elasticsearch/bin/elasticsearch-certutil cert --pem --silent --name http \
  --ca-cert "$certs/ca/ca.crt" --ca-key "$certs/ca/ca.key" --dns localhost --ip 127.0.0.1 --out "$PWD/http.zip"
unzip -q http.zip -d "$certs"
rm ca.zip http.zip "$certs/ca/ca.key"

# User and password are dev.weir.it.containers.ElasticsearchContainer.SECURED_USER/SECURED_PASSWORD.
bash elasticsearch/bin/elasticsearch-users useradd weir-it -p weir-it-password -r superuser
