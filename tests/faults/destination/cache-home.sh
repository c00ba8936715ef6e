# Where the default cache goes: inside the project that holds DIST (in
# node_modules/.cache/distill when it has node_modules, else .distill-cache),
# named after DIST's path in it; with no project around DIST, in the user's
# cache folder, never beside DIST in a folder that may be unrelated.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
export XDG_CACHE_HOME=$PWD/xdg
site() { # DIR
	mkdir -p "$1"
	printf '<!doctype html><title>t</title>\n' > "$1/index.html"
}
built() { # DIST OUT
	set +e
	timeout -k 5 "$FAULT_TIMEOUT" "$DISTILL" build "$1" --out "$2" -q >out.txt 2>err.txt
	status=$?
	set -e
	expect_status 0
}

# A project with node_modules; DIST two levels down.
mkdir -p p/node_modules p/.git
printf '{"name": "p", "private": true}\n' > p/package.json
site p/apps/web/dist
built p/apps/web/dist o1
[ -d p/node_modules/.cache/distill/apps-web-dist ] || fail "no cache in p/node_modules/.cache/distill/apps-web-dist"
[ ! -e p/apps/web/.distill-cache ] || fail "a cache beside DIST"

# A repository without node_modules.
mkdir -p r/.git
site r/public
built r/public o2
[ -d r/.distill-cache/public ] || fail "no cache in r/.distill-cache/public"

# A site folder in no project: the user's cache folder.
site loose/dist
built loose/dist o3
[ ! -e loose/.distill-cache ] || fail "a cache in a folder that is no project"
ls -d xdg/distill/dist-* >/dev/null 2>&1 || fail "no cache in \$XDG_CACHE_HOME/distill"

# DIST is itself a project (an npm package's dist, with its package.json):
# nothing is written into it with --out, nor into its parent.
site q
printf '{"name": "q-dist"}\n' > q/package.json
before=$(tree_listing q)
built q o4
assert_eq "$before" "$(tree_listing q)" "DIST after a build with --out"
[ ! -e .distill-cache ] || fail "a cache in DIST's parent"
