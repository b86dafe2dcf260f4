#!/bin/sh
# Regenerates examples/sites/: a comparison of real sites from the MIT-, BSD- and
# CC0-licensed threads of ../shared/corpora (lemire.me, made-mistakes.com,
# konstantinklein.com, three subreddits), with a taxonomy drafted for them by
# `comments taxonomy suggest`. Run from the repository root: sh examples/sites/generate.sh
set -eu
C=../shared/corpora
OUT=examples/sites
INPUTS="$C/html_wordpress $C/reddit $C/staticman $C/plaintext_de"
SITES="--site lemire.me=$C/html_wordpress --site made-mistakes.com=$C/staticman --site konstantinklein.com=$C/plaintext_de"
# shellcheck disable=SC2086
comments taxonomy suggest $INPUTS $SITES -o "$OUT/taxonomy.toml" -q
# shellcheck disable=SC2086
comments compare $INPUTS $SITES --taxonomy "$OUT/taxonomy.toml" --by site --out "$OUT/by-site" -q
# shellcheck disable=SC2086
comments compare $INPUTS $SITES --taxonomy "$OUT/taxonomy.toml" --by thread --out "$OUT/by-thread" -q
