#!/usr/bin/env bash
# The tools the generated-site tests need, installed from Debian and npm (never a downloaded browser):
#   - Debian's Chromium at /usr/bin/chromium, driven by pip's playwright (tests/test_site_browser.py);
#   - a Java runtime and the Nu HTML Checker (npm vnu-jar) for tests/test_site_html.py;
#   - axe-core (npm) for the accessibility checks in tests/test_site_browser.py.
# npm packages go into .ci/node_modules (git-ignored); tests/site_tools.py looks for them there.
# Idempotent and quiet: installs only what is missing, then prints the versions.
# Needs root (or sudo) for apt-get. Usage: bash .ci/tools.sh
set -euo pipefail
cd "$(dirname "$0")"

# Versions pinned so that a new release (say, a new axe rule) cannot turn CI red on its own.
VNU_JAR_VERSION="26.9.27"
AXE_CORE_VERSION="4.14.1"

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

apt_packages=()
[ -x /usr/bin/chromium ] || apt_packages+=(chromium fonts-liberation)
command -v java >/dev/null 2>&1 || apt_packages+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
if [ "${#apt_packages[@]}" -gt 0 ]; then
  echo "== installing ${apt_packages[*]} (apt)"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # No recommends: they pull in udev, upower, printing and desktop notification services.
  $sudo apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

vnu="node_modules/vnu-jar/build/dist/vnu.jar"
axe="node_modules/axe-core/axe.min.js"
installed_version() { node -p "require('./node_modules/$1/package.json').version" 2>/dev/null || true; }
if [ ! -f "$vnu" ] || [ ! -f "$axe" ] \
  || [ "$(installed_version vnu-jar)" != "$VNU_JAR_VERSION" ] \
  || [ "$(installed_version axe-core)" != "$AXE_CORE_VERSION" ]; then
  echo "== installing vnu-jar@$VNU_JAR_VERSION axe-core@$AXE_CORE_VERSION (npm, into .ci/node_modules)"
  npm install --prefix . --no-save --no-audit --no-fund --no-package-lock --loglevel=error \
    "vnu-jar@$VNU_JAR_VERSION" "axe-core@$AXE_CORE_VERSION" >/dev/null
fi

echo "== site test tools"
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null)"
echo "java: $(java -version 2>&1 | head -n 1)"
echo "vnu: $(java -jar "$vnu" --version)"
echo "axe-core: $(installed_version axe-core)"
