# SPDX-License-Identifier: MIT
# The real-world suite's checks of one built site; source after lib.sh.
#   need_package FILE        skip unless ./configure --tests installed it
#   web_font FOLDER          put the sites' web font there
#   generate NAME COMMAND... run the generator in site/
#   realworld_check DIST [HASHED_REGEX]
# DIST is a generator's output (in the scratch folder). Builds it with
# `distill build DIST --out out`, and again with --vercel from a project
# folder, then checks both with real clients, one line "# ok SITE CHECK" or
# "# FAIL SITE CHECK" each, and fails when any failed: check.mjs (lost,
# refs, integrity, precache, workbox, headers), caddy and images here,
# browser.mjs (Chromium, the site from Caddy with distill's headers,
# against DIST served as it is) and offline.mjs (Chromium again, Caddy
# stopped after one visit). HASHED_REGEX
# matches the file names the generator put a content hash in.

REALWORLD=$ROOT/tests/realworld
SITE=$(basename "$0" .sh)
failed_checks=0

# The clients the checks run; a site's script adds its generator.
need node caddy curl brotli zstd avifdec dwebp vipsheader

# Skip unless ./configure --tests installed FILE (tests/realworld/node_modules).
need_package() { # FILE
	[ -e "$1" ] || skip "needs tests/realworld/node_modules (./configure --tests)"
}

# The sites' web font, a real one a browser decodes: Lato (SIL OFL 1.1,
# from @fontsource/lato) as FOLDER/meadow.woff2 and FOLDER/meadow.woff.
web_font() { # FOLDER
	local files=$REALWORLD/node_modules/@fontsource/lato/files
	need_package "$files/lato-latin-400-normal.woff2"
	cp "$files/lato-latin-400-normal.woff2" "$1/meadow.woff2"
	cp "$files/lato-latin-400-normal.woff" "$1/meadow.woff"
}

# Run the generator in site/; its output goes to NAME.log, shown when it fails.
generate() { # NAME COMMAND...
	local name=$1
	shift
	(cd site && "$@") >"$name.log" 2>&1 || { cat "$name.log" >&2; fail "$name failed"; }
}
# Run one named check: its output when it fails, one line either way.
run_check() { # NAME COMMAND...
	local name=$1
	shift
	if "$@" >check.out 2>&1; then
		echo "# ok   $SITE $name$(sed -n 's/^# [a-z]*: /: /p' check.out | head -n 1)"
	else
		echo "# FAIL $SITE $name"
		sed 's/^/#      /' check.out | head -n 20
		failed_checks=$((failed_checks + 1))
	fi
}

# Caddy's file_server with `precompressed` sidecars answers every file of
# out, asked with each encoding and with none, with bytes that decode to
# the file itself. One curl a encoding fetches every file (a site may have
# thousands); a body is decoded only when Caddy says it is encoded.
caddy_serves() { # OUT
	local out=$1 enc i f code coding ok=0 bad=0
	local -a files
	mapfile -t files < <(cd "$out" && find . -type f ! -name '*.br' ! -name '*.zst' \
		! -name '_headers' -printf '%P\n' | LC_ALL=C sort)
	start_caddy "$PWD/$out"
	for enc in br zstd identity; do
		rm -rf "got-$enc" && mkdir "got-$enc"
		for i in "${!files[@]}"; do
			f=${files[$i]//\\/\\\\}
			f=${f//\"/\\\"}
			printf 'url = "http://127.0.0.1:%s/%s"\noutput = "got-%s/%d"\n' \
				"$caddy_port" "${f// /%20}" "$enc" "$i"
		done > "curl-$enc.cfg"
		curl -s -H "Accept-Encoding: $enc" -K "curl-$enc.cfg" \
			-w '%{http_code} %header{content-encoding}\n' > "codes-$enc.txt"
		i=0
		while read -r code coding; do
			case $coding in
			br) brotli -d -c "got-$enc/$i" > plain && mv plain "got-$enc/$i" ;;
			zstd) zstd -q -d -c "got-$enc/$i" > plain && mv plain "got-$enc/$i" ;;
			esac
			if [ "$code" = 200 ] && cmp -s "got-$enc/$i" "$out/${files[$i]}"; then
				ok=$((ok + 1))
			else
				echo "${files[$i]} with Accept-Encoding $enc: the body is not the file (HTTP $code)"
				bad=$((bad + 1))
			fi
			i=$((i + 1))
		done < "codes-$enc.txt"
		[ "$i" = "${#files[@]}" ] || { echo "curl answered $i of ${#files[@]} requests"; bad=$((bad + 1)); }
	done
	kill "$caddy_pid" 2>/dev/null
	wait "$caddy_pid" 2>/dev/null
	echo "# caddy: $ok responses decode to their files"
	[ "$bad" = 0 ]
}

# Every AVIF and WebP variant decodes (avifdec, dwebp), and each srcset
# width descriptor of a <source> is the width of the file it names.
images_decode() { # DIST OUT
	local dist=$1 out=$2 n=0 f url w got
	while IFS= read -r f; do
		case $f in
		*.avif) avifdec "$out/$f" decoded.png >/dev/null 2>&1 || { echo "$f: avifdec fails"; return 1; } ;;
		*.webp) dwebp "$out/$f" -o decoded.png >/dev/null 2>&1 || { echo "$f: dwebp fails"; return 1; } ;;
		esac
		n=$((n + 1))
	done < <(cd "$out" && find . -type f \( -name '*.avif' -o -name '*.webp' \) -printf '%P\n' | sort)
	while IFS= read -r page; do
		while read -r url w; do
			case $url in
			/*) f=${url#/} ;;
			*) f=$(realpath -m --relative-to="$out" "$out/$(dirname "$page")/$url") ;;
			esac
			[ -f "$out/$f" ] || { echo "$page: a <source> names '$url', which is not in the output"; return 1; }
			got=$(vipsheader -f width "$out/$f")
			[ "$got" = "${w%w}" ] || { echo "$page: $url is $got pixels wide, its srcset says $w"; return 1; }
		done < <(grep -o '<source [^>]*srcset="[^"]*"' "$out/$page" |
			sed 's/.*srcset="\([^"]*\)"/\1/' | tr ',' '\n' | sed 's/^ *//' | sort -u)
	done < <(cd "$out" && find . -name '*.html' -printf '%P\n' | sort)
	if [ "$n" = 0 ] && [ -n "$(find "$dist" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) | head -n 1)" ]; then
		echo "DIST has photos but the output no image variant"
		return 1
	fi
	echo "# images: $n variants decode, every srcset width is its file's"
}

realworld_check() { # DIST [HASHED_REGEX]
	local dist=$1 hashed=${2:-} hargs=()
	[ -n "$hashed" ] && hargs=(--hashed "$hashed")
	mkdir -p project
	echo '{"name": "site", "private": true}' > project/package.json
	rm -rf project/dist && cp -a "$dist" project/dist
	run_distill build "$dist" --out out --cache cache
	case $status in 0|3) ;; *) cat err.txt >&2; fail "distill build failed ($status)" ;; esac
	(cd project && "$DISTILL" build dist --vercel --cache ../vcache -q >../vercel.txt 2>&1) ||
		case $? in 3) ;; *) cat vercel.txt >&2; fail "distill build --vercel failed" ;; esac
	for c in lost refs integrity precache workbox; do
		run_check "$c" node "$REALWORLD/check.mjs" "$c" "$dist" out "${hargs[@]}"
	done
	run_check headers node "$REALWORLD/check.mjs" headers "$dist" out \
		project/.vercel/output "${hargs[@]}"
	run_check caddy caddy_serves out
	run_check images images_decode "$dist" out
	# The browser loads the site from Caddy, with distill's headers.
	node "$REALWORLD/caddy-headers.mjs" out >headers.caddy
	start_caddy "$PWD/out" headers.caddy
	run_check browser node "$REALWORLD/browser.mjs" "$dist" out "http://127.0.0.1:$caddy_port"
	run_check offline node "$REALWORLD/offline.mjs" out "http://127.0.0.1:$caddy_port" "$caddy_pid"
	kill "$caddy_pid" 2>/dev/null || :
	wait "$caddy_pid" 2>/dev/null || :
	[ "$failed_checks" = 0 ] || fail "$failed_checks checks failed"
}
