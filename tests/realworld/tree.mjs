// The files of a folder, for the suite's checks: their paths relative to
// it, '/' separated, sorted.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export function listFiles(root) {
	const list = [];
	const walk = (dir) => {
		for (const name of readdirSync(dir)) {
			const p = path.join(dir, name);
			if (statSync(p).isDirectory())
				walk(p);
			else
				list.push(path.relative(root, p).split(path.sep).join('/'));
		}
	};
	walk(root);
	return list.sort();
}
