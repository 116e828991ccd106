#!/usr/bin/env bash
# Regenerates the README's screenshots from real runs of the app in Debian Chromium at 1440×900:
#   docs/screenshot.png      a rules-only analysis of samples/app.log (the "Use LLM" switch off; no LLM is called)
#   docs/screenshot-llm.png  the LLM path against the test suite's fake OpenAI-compatible provider, labelled
#                            "TEST PROVIDER" in the image (it is not a real model's answer)
# Both are taken by ReadmeScreenshotTests (LogAnalyzer.Tests/Web/Browser): the app on Kestrel (loopback), samples/app.log
# pasted into the page, Analyze, and a check that the page shows what the caption claims before the picture.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v chromium >/dev/null 2>&1 && [ -z "${LOGANALYZER_CHROMIUM:-}" ]; then
  echo "Installing chromium"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
export LOGANALYZER_CHROMIUM="${LOGANALYZER_CHROMIUM:-$(command -v chromium)}"

out="LogAnalyzer.Tests/bin/Debug/net10.0/screenshots"
rm -f "$out/readme-rules-only.png" "$out/readme-llm-test-provider.png"
dotnet test LogAnalyzer.Tests -c Debug --nologo -v q --filter "FullyQualifiedName~ReadmeScreenshotTests"
cp "$out/readme-rules-only.png" docs/screenshot.png
cp "$out/readme-llm-test-provider.png" docs/screenshot-llm.png
echo "Wrote docs/screenshot.png (rules only) and docs/screenshot-llm.png (test provider)."
