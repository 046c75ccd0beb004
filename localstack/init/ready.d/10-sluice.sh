#!/bin/bash
# Runs inside the LocalStack container once it is ready. Sluice creates nothing here on purpose: every queue, bus,
# rule and function comes from the CDK app (`./sluice deploy --target localstack`), as on AWS. This hook only
# prints what is running and the next step, so `docker compose logs` shows it.
set -euo pipefail
version=$(curl -fsS http://localhost:4566/_localstack/health | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
echo "sluice: LocalStack ${version} ready; deploy with: ./sluice deploy --target localstack"
