#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when missing:
#   postgresql  - initdb/pg_ctl for the real PostgreSQL server the integration tests start
#   chromium    - the headless browser the end-to-end tests drive through Playwright
#   fonts       - so that rendered pages and PDFs have glyphs
#   tesseract   - OCR for scanned lab certificates (with its English language data)
set -euo pipefail

need=()
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || need+=(postgresql)
{ command -v chromium >/dev/null || [ -x /usr/bin/chromium ]; } || need+=(chromium)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v tesseract >/dev/null || need+=(tesseract-ocr)
compgen -G "/usr/share/tesseract-ocr/*/tessdata/eng.traineddata" >/dev/null || need+=(tesseract-ocr-eng)

if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null; then
    SUDO="sudo"
  else
    echo "warning: missing ${need[*]} and not root: those tests will be skipped" >&2
    exit 0
  fi
  echo "installing ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# PostgreSQL refuses to run as root; the test fixture runs it as this unprivileged user.
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
echo "system packages: ok"
