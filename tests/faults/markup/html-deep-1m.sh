# 1,000,000 nested elements (<div> and <span> in turn, past any depth a
# browser keeps) with a stylesheet and a script in the innermost: built
# within the time limit and a 1 MiB stack, and the budget counts both files.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need python3
deep_site 1000000 div span
(
	ulimit -s 1024
	fault_build --report json
	expect_status 0
	expect_page_loads index.html js/app.js css/site.css
)
