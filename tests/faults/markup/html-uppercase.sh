# Uppercase and mixed-case tag and attribute names, unquoted values and
# odd spacing: found and rewritten like lowercase ones.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips python3
markup_site
cat > dist/index.html <<'HTML'
<!DOCTYPE HTML><HTML><HEAD><LINK REL=STYLESHEET HREF=css/site.css><SCRIPT SRC="js/app.js" TYPE=module></SCRIPT></HEAD>
<BODY><IMG SRC="img/photo.jpg" ALT=x><Img Src = 'img/logo.png' Alt="y">
<PICTURE><SOURCE SRCSET="img/logo.png 1x"><IMG SRC=img/photo.jpg></PICTURE>
<DIV STYLE="background:URL(img/logo.png)"></DIV></BODY></HTML>
HTML
refs_ok dist
fault_build
expect_status 0
refs_ok out
html_same index.html
