#!/bin/sh
# Load this folder into Neo4j 5 with neo4j-admin (the database must be stopped).
# Usage: ./import.sh [extra neo4j-admin options, e.g. --overwrite-destination=true]
# NEO4J_ADMIN overrides the neo4j-admin command; NEO4J_DATABASE the database (neo4j).
# Afterwards create the id constraint (first statement of import.cypher).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
exec "${NEO4J_ADMIN:-neo4j-admin}" database import full \
  --nodes=Entity="$HERE/nodes_Antigen.csv" \
  --nodes=Entity="$HERE/nodes_CellType.csv" \
  --nodes=Entity="$HERE/nodes_Disease.csv" \
  --nodes=Entity="$HERE/nodes_Drug.csv" \
  --relationships=CAUSES="$HERE/rels_CAUSES.csv" \
  --relationships=DEPLETES="$HERE/rels_DEPLETES.csv" \
  --relationships=EXPRESSES="$HERE/rels_EXPRESSES.csv" \
  --relationships=TARGETS="$HERE/rels_TARGETS.csv" \
  --relationships=TREATS="$HERE/rels_TREATS.csv" \
  --delimiter=, --array-delimiter=U+001F --quote='"' \
  --multiline-fields=true --legacy-style-quoting=false --trim-strings=false \
  "$@" "${NEO4J_DATABASE:-neo4j}"
