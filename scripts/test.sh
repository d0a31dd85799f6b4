#!/usr/bin/env bash
# The project's test command (README "Run the tests"; .ci/run runs it): install with the test extra,
# then run the whole suite, including the end-to-end test in headless Chromium.
#
# That test uses Debian's chromium at /usr/bin/chromium; Playwright never downloads a browser. When it
# is missing and we are root, it is installed here with apt-get; then the browser test must run (it
# fails rather than skips). Otherwise it is skipped with a reason. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "scripts/test.sh: installing chromium for the browser test" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "scripts/test.sh: no /usr/bin/chromium and not root: the browser test will be skipped" >&2
  fi
fi
if [ -x /usr/bin/chromium ]; then
  export QUOTETRACK_REQUIRE_BROWSER=1
fi

pip install -e '.[test]'
python -m pytest "$@"
