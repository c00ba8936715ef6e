# File and folder names with spaces, $, :, #, ?, both quotes, |, \, *, %,
# &, ;, parentheses, a leading '-' and '--': text, CSS, JS, HTML and images
# under such names build, come out byte for byte where nothing rewrites
# them, and every reference to them still resolves.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips python3
mkdir -p "dist/sub dir \$x:y"
names=("a b.txt" "dollar\$HOME.txt" "c:d.txt" "hash#.txt" "qm?.txt" "q'uote.txt" 'dq"uote.txt'
       "pipe|x.txt" 'back\slash.txt' "star*.txt" "100%.txt" "amp&.txt" "semi;.txt" "(paren).txt"
       "-lead.txt" "--out=x.txt" "--" "-")
for n in "${names[@]}"; do
	printf 'file %s\n' "$n" > "dist/$n"
	# Large enough for sidecars (compress jobs get the name) for a few.
	case $n in *\$*|*\'*|*\"*|*\|*|--*) size=3000 ;; *) size=10 ;; esac
	head -c $size /dev/zero | tr '\0' 'y' > "dist/sub dir \$x:y/$n"
done
gen valid "dist/sub dir \$x:y/pic | \$1 'it'.jpg" jpg
printf 'body{background:url("pic | $1 '"'"'it'"'"'.jpg")}%3000s\n' "" > "dist/sub dir \$x:y/-st\$yle|.css"
printf 'console.log(1);%3000s\n' "" > "dist/sub dir \$x:y/--app\$.js"
python3 - <<'PY'
from urllib.parse import quote
import os
d = "sub dir $x:y/"
links = [quote(d + n) for n in sorted(os.listdir("dist/" + d))]
body = "".join(f'<a href="{u}">x</a>\n' for u in links if not u.endswith(".jpg") and not u.endswith(".css"))
css, pic = quote(d + "-st$yle|.css"), quote(d + "pic | $1 'it'.jpg")
open("dist/index.html", "w").write(f'<!doctype html><link rel="stylesheet" href="{css}"><img src="{pic}">\n{body}')
PY
refs_ok dist
fault_build
expect_status 0
refs_ok out
expect_carried "${names[@]}"
expect_carried "${names[@]/#/sub dir \$x:y/}"
