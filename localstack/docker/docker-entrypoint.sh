#!/bin/bash
# Entry point of sluice/localstack: LocalStack in the foreground, configured by the environment (see Dockerfile).
# Named like the official image's, which Testcontainers' LocalStackContainer runs from its start script.
set -euo pipefail
exec python -m localstack.runtime.main "$@"
