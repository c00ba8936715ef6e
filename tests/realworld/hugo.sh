# Hugo (Debian 12's): a home page, a section of posts, a stylesheet that
# Hugo Pipes minifies and fingerprints (css/main.min.<sha256>.css, with
# its integrity attribute), photos and a web font from static/.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/realworld/lib.bash"
need hugo
cp -r "$REALWORLD/sites/hugo" site
mkdir -p site/static/img site/static/fonts
cp "$FIXTURES"/demo/dist/images/{dune.jpg,ladybird.jpg,logo.png} site/static/img/
web_font site/static/fonts
generate hugo hugo --quiet -d public
realworld_check site/public '\.(?<token>[0-9a-f]{64})\.'
