// Caddy directives that send the headers distill's OUT/headers.json gives
// each path: one path_regexp matcher and one header directive a rule, in
// the file's order, so that a later rule's value replaces an earlier one's
// as headers.json says. usage: node caddy-headers.mjs OUT > snippet
// (not a test itself; lib.bash puts the snippet into the Caddyfile).
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [out] = process.argv.slice(2);
const rules = JSON.parse(readFileSync(path.join(out, 'headers.json'), 'utf8'));
// A backquoted Caddyfile token is taken as it is, backslashes and all.
const quote = (s) => {
	if (String(s).includes('`'))
		throw new Error(`a backquote in ${s}: no Caddyfile token can hold it as it is`);
	return '`' + s + '`';
};
const lines = [];
rules.forEach((rule, i) => {
	lines.push(`@distill${i} path_regexp ${quote(rule.regex)}`);
	lines.push(`header @distill${i} {`);
	for (const [name, value] of Object.entries(rule.headers))
		lines.push(`\t${name} ${quote(value)}`);
	lines.push('}');
});
console.log(lines.join('\n'));
