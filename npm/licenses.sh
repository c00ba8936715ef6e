#!/bin/sh
# SPDX-License-Identifier: MIT
# The licences of what the npm platform package carries, from one table
# (npm/licenses.tsv) checked against the Debian copyright files themselves.
#
#   sh npm/licenses.sh of PACKAGE   the licence npm/licenses.tsv gives
#                                   PACKAGE (a Debian package, src:NAME or
#                                   distill); fails if it has none
#   sh npm/licenses.sh check DIR [TABLE]
#                                   check the platform package DIR: every
#                                   file of DIR/bin and DIR/lib has a row in
#                                   DIR/licenses/packages.tsv (file, package,
#                                   version, licence); each licence is the
#                                   table's, the package's copyright file in
#                                   DIR/licenses says so, and no licence is
#                                   GPL or AGPL but as an alternative
#                                   ("BSD-3-clause or GPL-2"). LGPL is fine.
#                                   TABLE replaces npm/licenses.tsv (for
#                                   the tests).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
table=$here/licenses.tsv
die() { echo "licenses.sh: $*" >&2; exit 1; }

# The licence and evidence columns of PACKAGE's row, tab-separated.
row_of() {
	awk -F '\t' -v p="$1" '!/^#/ && $1 == p { print $2 "\t" $3; found = 1; exit }
		END { exit !found }' "$table"
}

# Whether a licence expression binds to the GPL: every alternative (" or ")
# has a part (" and ") that is GPL or AGPL, not LGPL.
is_gpl() {
	printf '%s\n' "$1" | awk '{
		n = split($0, alt, / or /)
		for (i = 1; i <= n; i++) {
			m = split(alt[i], part, / and /); gpl = 0
			for (j = 1; j <= m; j++)
				if (part[j] ~ /(^|[^L])GPL/) gpl = 1
			if (!gpl) exit 1
		}
		exit 0
	}'
}

# Whether COPYRIGHT says LICENCE as EVIDENCE claims: a DEP-5 stanza whose
# Files field lists the pattern and whose License is LICENCE, or the text.
says() { # copyright licence evidence
	case $3 in
	"text: "*) grep -qF -- "${3#text: }" "$1" ;;
	"Files: "*)
		awk -v want="${3#Files: }" -v licence="$2" '
			function done() { if (files && lic == licence) found = 1; files = 0; lic = "" }
			/^Files:/ { done(); n = split(substr($0, 7), f, /[ \t]+/)
				for (i = 1; i <= n; i++) if (f[i] == want) files = 1
				infiles = 1; next }
			infiles && /^[ \t]/ { n = split($0, f, /[ \t]+/)
				for (i = 1; i <= n; i++) if (f[i] == want) files = 1
				next }
			{ infiles = 0 }
			/^License:/ { lic = substr($0, 9); sub(/^[ \t]+/, "", lic); sub(/[ \t]+$/, "", lic) }
			/^$/ { done() }
			END { done(); exit !found }' "$1" ;;
	*) return 1 ;;
	esac
}

check() {
	dir=$1 bad=0
	list=$dir/licenses/packages.tsv
	[ -f "$list" ] || die "no '$list'"
	for f in "$dir"/bin/* "$dir"/lib/*; do
		name=${f##*/}
		awk -F '\t' -v n="$name" '$1 == n { found = 1 } END { exit !found }' "$list" ||
			{ echo "$name: not in licenses/packages.tsv" >&2; bad=1; }
	done
	tab=$(printf '\t')
	while IFS=$tab read -r file package version licence; do
		row=$(row_of "$package") ||
			{ echo "$file: package '$package' is not in npm/licenses.tsv" >&2; bad=1; continue; }
		want=${row%%"$tab"*} evidence=${row#*"$tab"}
		copyright=$dir/licenses/${package#src:}.copyright
		if [ "$licence" != "$want" ]; then
			echo "$file: licence '$licence', npm/licenses.tsv says '$want'" >&2; bad=1
		elif [ ! -f "$copyright" ]; then
			echo "$file: no copyright file '${copyright#"$dir"/}'" >&2; bad=1
		elif ! says "$copyright" "$licence" "$evidence"; then
			echo "$file: ${copyright#"$dir"/} does not say '$licence' ($evidence)" >&2; bad=1
		elif is_gpl "$licence"; then
			echo "$file: $package is $licence" >&2; bad=1
		else
			echo "$file: $licence ($package $version)"
		fi
	done < "$list"
	return $bad
}

case ${1:-} in
of) [ $# -eq 2 ] || die "usage: sh npm/licenses.sh of PACKAGE"
    row=$(row_of "$2") || die "no licence for '$2' in npm/licenses.tsv"
    printf '%s\n' "${row%%	*}" ;;
check) [ $# -eq 2 ] || [ $# -eq 3 ] || die "usage: sh npm/licenses.sh check DIR [TABLE]"
    table=${3:-$table}
    check "$2" ;;
*) die "usage: sh npm/licenses.sh of PACKAGE | check DIR [TABLE]" ;;
esac
