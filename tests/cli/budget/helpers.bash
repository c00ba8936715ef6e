# SPDX-License-Identifier: MIT
# Helpers shared by the budget tests; sourced after tests/lib.sh.

# Print a value of a JSON file: json FILE 'JS expression of r'.
json() {
	node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		const v = (new Function("r", "return (" + process.argv[2] + ")"))(r);
		console.log(typeof v === "object" ? JSON.stringify(v) : String(v));' "$1" "$2"
}

# The 750,000-byte module of fixtures/budget-over, written into dist.
make_big() {
	node "$FIXTURES/budget-over/make-big.js" dist/assets/big-Bg78Hi90.js "${1:-750000}"
}
