# The compress job on real front-end code and edge cases: every .br and .zst
# decodes with the reference tools to the original bytes, is smaller than
# it, and every zstd frame asks for a window of at most 8 MiB (RFC 9659);
# files under 1 KiB and bytes that do not shrink get no sidecar.
. "$ROOT/tests/lib.sh"
need brotli zstd gzip node
[ -d "$NODE_PATH" ] || skip "needs tests/node_modules (npm install in tests/)"

# The window a decoder needs for a zstd frame (RFC 8878 3.1.1.1): the
# Window_Descriptor, or the content size of a single-segment frame.
zstd_window() {
	local b fhd dict fcs at size=0 i
	read -r -a b < <(od -An -tu1 -N 18 "$1" | tr '\n' ' ')
	[ "${b[*]:0:4}" = "40 181 47 253" ] || fail "'$1' is not a zstd frame"
	fhd=${b[4]}
	if (( (fhd >> 5 & 1) == 0 )); then
		local e=$(( b[5] >> 3 )) m=$(( b[5] & 7 ))
		echo $(( (1 << (10 + e)) + (1 << (10 + e)) / 8 * m ))
		return
	fi
	dict=(0 1 2 4); fcs=(1 2 4 8)
	dict=${dict[fhd & 3]}; fcs=${fcs[fhd >> 6]}
	at=$(( 5 + dict ))
	for (( i = fcs - 1; i >= 0; i-- )); do
		size=$(( size * 256 + b[at + i] ))
	done
	(( fcs == 2 )) && size=$(( size + 256 ))
	echo $size
}

json_field() { # record field
	node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1]));
		 console.log(r[process.argv[2]])' "$1" "$2"
}

compress() { # file [config]
	local out=$PWD/store/$(basename "$1")
	"$DISTILL" job compress --pass-version="$(pass_version compress)" ${2:+--config=$2} --out="$out" "$PWD/$1" \
		|| fail "compress job failed on '$1'"
	assert_file "$out/record.json"
	echo "$out"
}

# Each sidecar round-trips, is smaller, and its size is in the record.
check_sidecars() { # file store-dir
	local f=$1 dir=$2 n kind size
	n=$(stat -c %s "$f")
	for kind in br zst; do
		size=$(json_field "$dir/record.json" $kind)
		if [ -f "$dir/$kind" ]; then
			assert_eq "$(stat -c %s "$dir/$kind")" "$size" "$kind size in the record of '$f'"
			[ "$size" -lt "$n" ] || fail "$kind of '$f' is $size bytes, not under $n"
		else
			assert_eq null "$size" "$kind size in the record of '$f' (no file)"
		fi
	done
	if [ -f "$dir/br" ]; then
		# brotli -d rejects large-window streams, so decoding also
		# checks that the window is a standard one.
		brotli -dc "$dir/br" | cmp -s - "$f" || fail "br of '$f' does not decode to it"
	fi
	if [ -f "$dir/zst" ]; then
		zstd -qdc "$dir/zst" | cmp -s - "$f" || fail "zst of '$f' does not decode to it"
		local w
		w=$(zstd_window "$dir/zst")
		[ "$w" -le 8388608 ] || fail "zst of '$f' needs a $w-byte window"
		# zstd's own reading of the header agrees with ours.
		zstd -lv "$dir/zst" 2>&1 | grep -q "Window Size: .*($w B)" ||
			fail "zstd -lv disagrees on the window of '$f' ($w)"
	fi
}

mkdir -p in store
# Real code: a few libraries from the test dependencies, small to large.
mapfile -t libs < <(cd "$NODE_PATH" && find -L . -name '*.js' -size +20k -size -400k |
	LC_ALL=C sort | awk 'NR % 40 == 1' | head -n 4)
[ ${#libs[@]} -ge 2 ] || fail "too few JS files under '$NODE_PATH'"
i=0
for lib in "${libs[@]}"; do
	cp "$NODE_PATH/$lib" "in/lib$i.js"
	i=$((i + 1))
done
{
	echo '<!doctype html><html><head><title>t</title></head><body>'
	for i in $(seq 1 200); do echo "<p class=\"item\">Item $i of the list</p>"; done
	echo '</body></html>'
} > in/page.html
head -c 1024 in/lib0.js > in/exact.txt
head -c 1023 in/lib0.js > in/small.txt
# Random bytes cannot be compressed: neither sidecar would be smaller.
head -c 8192 /dev/urandom > in/random.txt

for f in in/*; do
	dir=$(compress "$f")
	check_sidecars "$f" "$dir"
	gz=$(json_field "$dir/record.json" gzip)
	ref=$(gzip -9 -n -c "$f" | wc -c)
	# zlib and GNU gzip differ by a few bytes at level 9.
	[ $(( gz * 100 )) -ge $(( ref * 98 )) ] && [ $(( gz * 100 )) -le $(( ref * 102 )) ] ||
		fail "gzip size of '$f': recorded $gz, gzip -9 gives $ref"
done

for f in lib0.js lib1.js page.html exact.txt; do
	assert_file "store/$f/br"
	assert_file "store/$f/zst"
done
for f in small.txt random.txt; do
	assert_no_file "store/$f/br"
	assert_no_file "store/$f/zst"
done

# Over 8 MiB a frame carries a Window_Descriptor. Level 22 would pick a
# 128 MiB window on its own; brotli is turned down to keep this quick.
# Repeated code keeps level 22 quick (the copies are a few hundred kB
# apart, inside any window).
: > in/huge.txt
while [ "$(stat -c %s in/huge.txt)" -le 9000000 ]; do cat in/lib*.js >> in/huge.txt; done
echo '{"compress": {"minSize": 1024, "brotliQuality": 1, "zstdLevel": 22}}' > huge.json
dir=$(compress in/huge.txt "$PWD/huge.json")
check_sidecars in/huge.txt "$dir"
assert_eq 8388608 "$(zstd_window "$dir/zst")" "window of the 9 MiB frame"
