# <template> content is parsed as a document fragment, not shown: its
# references are rewritten like any other (a clone would otherwise point at
# a renamed file), and nested templates work.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips python3
markup_site
cat > dist/index.html <<'HTML'
<!doctype html><html><head><link rel="stylesheet" href="css/site.css"></head><body>
<template id="card"><img src="img/photo.jpg" alt="t"><link rel="stylesheet" href="css/site.css">
<template><img src="img/logo.png" alt="nested"></template></template>
<img src="img/logo.png" alt="outside">
</body></html>
HTML
refs_ok dist
fault_build
expect_status 0
refs_ok out
html_same index.html
