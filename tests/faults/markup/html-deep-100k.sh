# 100,000 nested <div>s with a stylesheet and a script in the innermost: the
# scan, the rewrite and the budget read them within the time limit and a
# 1 MiB stack (the build runs under `ulimit -s 1024`), and the budget counts
# both files.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need python3
deep_site 100000 div
(
	ulimit -s 1024
	fault_build --report json
	expect_status 0
	expect_page_loads index.html js/app.js css/site.css
)
