#!/usr/bin/env bash
# Installs the tools that test/e2e/launcher.mjs uses to run Bulkhead's end-to-end suite in a real
# VS Code without downloading Electron (only the npm registry and Debian's archive are needed):
#
#   - Debian's chromium, headless, shows VS Code's web workbench;
#   - node 24 (the npm package "node", which ships the binary): code-server's native modules are
#     built for it and its server runs on it;
#   - code-server, whose lib/vscode is the VS Code server (extension host included) and workbench;
#   - playwright-core, which drives that Chromium (it never downloads a browser).
#
#   E2E_TOOLS=$HOME/.cache/vscode-e2e-tools bash test/e2e/setup.sh   # default: <repo>/.e2e-tools
#
# Idempotent: when $E2E_TOOLS/paths.json records the pinned versions and the files it names exist,
# it only checks the Debian packages (about 0.1 s). Changing a pinned version reinstalls that tool.
# The first run needs root or sudo for apt-get.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1 # VS Code 1.139.1
PLAYWRIGHT_CORE_VERSION=1.65.1
VERSIONS="node=$NODE_VERSION code-server=$CODE_SERVER_VERSION playwright-core=$PLAYWRIGHT_CORE_VERSION"

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TOOLS=${E2E_TOOLS:-$REPO_ROOT/.e2e-tools}
mkdir -p "$TOOLS"
TOOLS=$(cd "$TOOLS" && pwd)
PATHS_JSON="$TOOLS/paths.json"

log() { printf '[e2e-setup] %s\n' "$*"; }
die() {
  printf '[e2e-setup] ERROR: %s\n' "$*" >&2
  exit 1
}

# --- Debian packages ---------------------------------------------------------------------------
# chromium runs the workbench; libkrb5-dev (krb5-config) and pkg-config build code-server's
# "kerberos" module; python3, make and g++ are node-gyp's.
has_package() {
  case $1 in
  chromium) command -v chromium >/dev/null || [ -x "${CHROMIUM:-}" ] ;;
  libkrb5-dev) command -v krb5-config >/dev/null ;;
  *) command -v "$1" >/dev/null ;; # pkg-config, python3, make, g++
  esac
}
missing=()
for package in chromium libkrb5-dev pkg-config python3 make g++; do
  has_package "$package" || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    die "missing Debian packages: ${missing[*]}; run this as root or: apt-get install ${missing[*]}"
  fi
  log "apt-get install ${missing[*]} (log: $TOOLS/apt.log)"
  if ! { "${as_root[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >"$TOOLS/apt.log" 2>&1; then
    tail -n 20 "$TOOLS/apt.log" >&2
    die "apt-get install ${missing[*]} failed"
  fi
fi
CHROMIUM=${CHROMIUM:-$(command -v chromium || true)}
[ -n "$CHROMIUM" ] && [ -x "$CHROMIUM" ] || die "chromium not found; set CHROMIUM=/path/to/chromium"

# --- fast path: everything at the pinned versions is already there ---------------------------
if [ -f "$PATHS_JSON" ] && node -e '
  const paths = require(process.argv[1]);
  if (paths.versions !== process.argv[2]) process.exit(1);
  for (const key of ["node", "serverMain", "playwrightCore", "chromium"]) require("node:fs").accessSync(paths[key]);
' "$PATHS_JSON" "$VERSIONS" 2>/dev/null; then
  log "up to date in $TOOLS ($VERSIONS)"
  exit 0
fi
rm -f "$PATHS_JSON"

# Installs one npm package into its own prefix under $TOOLS. A failed install removes the prefix,
# so the next run starts clean. The allowScripts list approves install scripts (npm 11's policy).
# usage: install_into <dir> <allowScripts JSON members> <package@version> [VAR=value ...]
install_into() {
  local dir=$1 allow=$2 spec=$3
  shift 3
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '{ "private": true, "allowScripts": { %s } }\n' "$allow" >"$dir/package.json"
  log "npm install $spec (log: $dir.log)"
  if ! env "$@" npm install --prefix "$dir" --no-audit --no-fund --loglevel=warn "$spec" >"$dir.log" 2>&1; then
    tail -n 40 "$dir.log" >&2
    rm -rf "$dir"
    die "npm install $spec failed; see $dir.log"
  fi
}

# --- node 24 -----------------------------------------------------------------------------------
NODE_PREFIX="$TOOLS/node"
NODE_BIN="$NODE_PREFIX/node_modules/node/bin/node"
if [ "$("$NODE_BIN" --version 2>/dev/null || true)" != "v$NODE_VERSION" ]; then
  install_into "$NODE_PREFIX" '"node": true' "node@$NODE_VERSION"
fi
[ "$("$NODE_BIN" --version 2>/dev/null || true)" = "v$NODE_VERSION" ] || die "node $NODE_VERSION is not in $NODE_PREFIX"
# node-gyp must compile against these headers, whatever nodedir an npmrc sets.
NODE_VERSION_H=$(find "$NODE_PREFIX" -path '*/include/node/node_version.h' -print -quit)
NODE_HEADERS=${NODE_VERSION_H%/include/node/node_version.h}
[ -n "$NODE_VERSION_H" ] && [ -f "$NODE_HEADERS/include/node/common.gypi" ] || die "no node headers under $NODE_PREFIX"
log "node v$NODE_VERSION: $NODE_BIN"

# --- code-server -------------------------------------------------------------------------------
CODE_SERVER_PREFIX="$TOOLS/code-server"
CODE_SERVER_PACKAGE="$CODE_SERVER_PREFIX/node_modules/code-server"
SERVER_MAIN="$CODE_SERVER_PACKAGE/lib/vscode/out/server-main.js"
installed_code_server=$(node -p 'require(process.argv[1]).version' "$CODE_SERVER_PACKAGE/package.json" 2>/dev/null || true)
if [ "$installed_code_server" != "$CODE_SERVER_VERSION" ] || [ ! -f "$SERVER_MAIN" ]; then
  # Its postinstall refuses any node but 24 (it reads npm's user agent) and runs nested npm
  # installs that build native modules with node-gyp: npm runs on node 24, against its headers.
  # Those nested installs cannot carry our allowScripts, hence allowing all scripts for this one
  # pinned package tree.
  install_into "$CODE_SERVER_PREFIX" '"code-server": true, "argon2": true' "code-server@$CODE_SERVER_VERSION" \
    PATH="$(dirname "$NODE_BIN"):$PATH" npm_config_nodedir="$NODE_HEADERS" JOBS="${JOBS:-2}" \
    npm_config_dangerously_allow_all_scripts=true
fi
[ -f "$SERVER_MAIN" ] || die "code-server is installed but $SERVER_MAIN is missing"
(cd "$CODE_SERVER_PACKAGE/lib/vscode" && "$NODE_BIN" -e 'require("@vscode/spdlog"); require("node-pty")') ||
  die "code-server's native modules do not load on node $NODE_VERSION (skipped install scripts?); see $CODE_SERVER_PREFIX.log"
log "code-server $CODE_SERVER_VERSION: $SERVER_MAIN"

# --- playwright-core ---------------------------------------------------------------------------
PLAYWRIGHT_PREFIX="$TOOLS/playwright"
PLAYWRIGHT_CORE="$PLAYWRIGHT_PREFIX/node_modules/playwright-core"
installed_playwright=$(node -p 'require(process.argv[1]).version' "$PLAYWRIGHT_CORE/package.json" 2>/dev/null || true)
if [ "$installed_playwright" != "$PLAYWRIGHT_CORE_VERSION" ]; then
  install_into "$PLAYWRIGHT_PREFIX" '' "playwright-core@$PLAYWRIGHT_CORE_VERSION"
fi
log "playwright-core $PLAYWRIGHT_CORE_VERSION: $PLAYWRIGHT_CORE"

# --- paths.json: what the launcher reads ------------------------------------------------------
node -e '
  const [file, versions, node, serverMain, playwrightCore, chromium] = process.argv.slice(1);
  const paths = { versions, node, serverMain, playwrightCore, chromium };
  require("node:fs").writeFileSync(file, `${JSON.stringify(paths, null, 2)}\n`);
' "$PATHS_JSON" "$VERSIONS" "$NODE_BIN" "$SERVER_MAIN" "$PLAYWRIGHT_CORE" "$CHROMIUM"
log "done: $TOOLS ($(du -sh "$TOOLS" | cut -f1))"
