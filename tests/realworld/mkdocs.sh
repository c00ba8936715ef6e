# MkDocs (Debian 12's): the built-in theme (Bootstrap, jQuery, Font
# Awesome's web fonts in several formats, a Lunr search index and worker,
# a gzipped sitemap), an extra stylesheet with a web font, photos. MkDocs
# hashes no name.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/realworld/lib.bash"
need mkdocs
cp -r "$REALWORLD/sites/mkdocs" site
mkdir -p site/docs/img site/docs/fonts
cp "$FIXTURES"/demo/dist/images/{dune.jpg,ladybird.jpg} site/docs/img/
web_font site/docs/fonts
generate mkdocs mkdocs build -q -d site
realworld_check site/site
