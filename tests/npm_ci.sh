# Sourced by the test scripts that run Node.js (tests/openapi/run.sh, tests/console/run.sh).
# npm_ci_once DIR: installs DIR's pinned npm packages (npm ci) when they are missing or older
# than DIR/package-lock.json; on failure prints npm's output and exits 1.
npm_ci_once() {
  local dir=$1 npm_log
  if [ -d "$dir/node_modules" ] && [ ! "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    return 0
  fi
  npm_log=$(mktemp)
  if ! npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >"$npm_log" 2>&1; then
    echo "npm ci failed:"
    cat "$npm_log"
    rm -f "$npm_log"
    exit 1
  fi
  rm -f "$npm_log"
  touch "$dir/node_modules"
}
