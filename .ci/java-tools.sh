#!/usr/bin/env bash
# Fetch the Java tools the tests use from Maven Central into tools/ (git-ignored).
# Each tool has a pom.xml under tests/java/<tool>/; `mvn dependency:copy-dependencies`
# puts its jars into tools/<tool>/lib. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
for pom in tests/java/*/pom.xml; do
  [ -e "$pom" ] || continue
  tool=$(basename "$(dirname "$pom")")
  if [ ! -f "tools/$tool/.done" ]; then
    mkdir -p "tools/$tool/lib"
    mvn -q -B -f "$pom" dependency:copy-dependencies -DoutputDirectory="$PWD/tools/$tool/lib" -DincludeScope=runtime
    if ls "$(dirname "$pom")"/src/main/java/*.java >/dev/null 2>&1; then
      mkdir -p "tools/$tool/classes"
      javac -d "tools/$tool/classes" -cp "tools/$tool/lib/*" "$(dirname "$pom")"/src/main/java/*.java
    fi
    touch "tools/$tool/.done"
  fi
done
