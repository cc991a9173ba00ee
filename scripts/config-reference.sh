#!/usr/bin/env bash
# Regenerates docs/configuration.md from conf/schema.yaml and conf/*.yaml with the runtime's own YAML reader (the
# `config-reference` subcommand), building the jar first when it is missing or older than the sources.
# ConfigReferenceTest (part of `mvn -B verify`) fails while the document is stale.
#
#   ./scripts/config-reference.sh            # writes docs/configuration.md
#   ./scripts/config-reference.sh --stdout   # prints it instead
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--stdout" ]]; then
  exec ./scripts/run.sh config-reference --conf conf
fi
./scripts/run.sh config-reference --conf conf > docs/configuration.md.tmp
mv docs/configuration.md.tmp docs/configuration.md
echo "wrote docs/configuration.md ($(grep -c '^| `' docs/configuration.md) rows)" >&2
