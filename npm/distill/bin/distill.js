#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// The `distill` command of the npm package. The program is native: it lives in
// a platform package (@distill/linux-x64, ...) that npm installs as an optional
// dependency on matching machines only, as esbuild, sharp and turbo do. This
// finds that package's binary and runs it with the same arguments, standard
// streams and exit status.
'use strict';

const { spawn } = require('child_process');
const path = require('path');

const packages = { 'linux-x64': '@distill/linux-x64', 'linux-arm64': '@distill/linux-arm64' };
const minGlibc = [2, 34];

function fail(message) {
	process.stderr.write(`distill: ${message}\n`);
	process.exit(1);
}

const fromSource = 'build distill from source and set DISTILL_BINARY to its distill ' +
	'(README, "Building from source": https://www.npmjs.com/package/distill#building-from-source)';

// The bundled libraries need glibc 2.34 (Amazon Linux 2023, Debian 12,
// Ubuntu 22.04 and newer); say so instead of letting the loader fail.
function checkLibc() {
	process.report.excludeNetwork = true;
	const found = process.report.getReport().header.glibcVersionRuntime;
	if (!found)
		fail(`the prebuilt binary needs glibc; this system has another C library (musl?): ${fromSource}`);
	const [major, minor] = found.split('.').map(Number);
	if (major < minGlibc[0] || (major === minGlibc[0] && minor < minGlibc[1]))
		fail(`the prebuilt binary needs glibc ${minGlibc.join('.')} or newer; this system has ${found}: ${fromSource}`);
}

function findPackage() {
	const key = `${process.platform}-${process.arch}`;
	const name = packages[key];
	if (!name)
		fail(`no prebuilt binary for '${key}' (there is one for ${Object.keys(packages).join(', ')}); ${fromSource}`);
	checkLibc();
	try {
		return path.dirname(require.resolve(`${name}/package.json`));
	} catch {
		fail(`package '${name}' is not installed; it is an optional dependency of ` +
			"'distill', so install without --no-optional or --omit=optional");
	}
}

function main() {
	const env = { ...process.env };
	let binary = env.DISTILL_BINARY;

	if (!binary) {
		const dir = findPackage();
		binary = path.join(dir, 'bin', 'distill');
		// distill runs the ninja that DISTILL_NINJA names, else the one on
		// PATH; Vercel's build image has none, so use the one beside it.
		// libvips loads format modules from VIPSHOME; the package has none, so
		// libvips does not load the host's, built against other libraries.
		if (!env.DISTILL_NINJA)
			env.DISTILL_NINJA = path.join(dir, 'bin', 'ninja');
		if (!env.VIPSHOME)
			env.VIPSHOME = dir;
	}

	const child = spawn(binary, process.argv.slice(2), { stdio: 'inherit', env });
	const forward = (signal) => child.kill(signal);
	const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
	for (const s of signals)
		process.on(s, forward);
	child.on('error', (err) => fail(`cannot run '${binary}': ${err.message}`));
	child.on('exit', (code, signal) => {
		for (const s of signals)
			process.removeListener(s, forward);
		if (signal)
			process.kill(process.pid, signal);  // die the same way: 128+N
		else
			process.exit(code);
	});
}

main();
