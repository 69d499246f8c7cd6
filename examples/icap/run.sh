#!/usr/bin/env bash
# Runs jtunnel in front of a stand-in ICAP appliance, as in the cloud DLP deployment:
#   TLS client --mutual TLS--> jtunnel 127.0.0.1:11344 --plain ICAP--> ICAP stub 127.0.0.1:1344
# Builds jtunnel if needed and, on first run, makes a test CA, the server's key+certificate file and a client
# certificate under examples/run/ with openssl (the operator's own steps). Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/../.."

jar=app/target/jtunnel.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package

run=examples/run
if [ ! -f "$run/stunnel-key.pem" ]; then
  mkdir -p "$run"
  (
    cd "$run"
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout client-ca.key -out client-ca.pem \
      -subj "/CN=Example cloud client CA" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj "/CN=cloud ICAP client" 2>/dev/null
    openssl x509 -req -in client.csr -CA client-ca.pem -CAkey client-ca.key -CAcreateserial -days 30 \
      -out client.pem 2>/dev/null
    # the server side, exactly as the operator's guide: genrsa, a self-signed req -x509, key then certificate
    openssl genrsa -out key.pem 2048 2>/dev/null
    openssl req -new -x509 -key key.pem -out cert.pem -days 1095 -subj "/CN=localhost" 2>/dev/null
    cat key.pem cert.pem > stunnel-key.pem
  )
  echo "Made test certificates in $run/"
fi

java examples/icap/IcapStub.java 1344 &
stub=$!
trap 'kill $stub 2>/dev/null' EXIT
sleep 2
echo "Try it from another terminal:"
echo "  printf 'OPTIONS icap://127.0.0.1/reqmod ICAP/1.0\\r\\nHost: 127.0.0.1\\r\\nEncapsulated: null-body=0\\r\\n\\r\\n' | openssl s_client -connect 127.0.0.1:11344 -cert $run/client.pem -key $run/client.key -quiet"
java -jar "$jar" examples/icap/stunnel.conf
