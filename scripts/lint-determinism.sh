#!/usr/bin/env bash
# The state machine must be deterministic: no wall clock, randomness,
# goroutines or floats in module code (tests and simulation excluded).
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files 'x/*.go' | grep -v '_test.go$' | grep -v '/simulation/' | grep -v '\.pb\.\(gw\.\)\?go$')
bad=$(grep -nE 'time\.Now\(|"math/rand"|crypto/rand|^\s*go func|\bgo [a-zA-Z_.]+\(|float(32|64)' $files || true)
if [ -n "$bad" ]; then
  echo "non-deterministic constructs in module code:"
  echo "$bad"
  exit 1
fi
