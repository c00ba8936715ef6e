// SPDX-License-Identifier: MIT
// Generate a built-site tree for the sw tests and benchmark.
// usage: node gen-site.mjs DIR FILES [--big] [--images=N]
// About FILES files: HTML pages (some dir/index.html, one name with a
// space) linking a web manifest, icons, Vite-hashed and plain JS and CSS;
// JSON data, fonts (woff2, woff, ttf), wasm, SVG and ICO icons, a few small
// PNGs, text files and source maps. Deterministic: the same arguments give
// the same bytes. --big adds fonts/huge.woff2 of 2.5 MB (over the 2 MiB
// precache limit). --images=N makes N of the text files small PNGs in
// gallery/, each shown by a blog post. Text files stay under 1 KiB, so no compression job runs
// for them and a large tree builds quickly.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';

const [dir, countArg, ...flags] = process.argv.slice(2);
const total = Number(countArg);
const images = Number((flags.find((f) => f.startsWith('--images=')) || '--images=0').slice(9));
if (!dir || !(total >= 40)) {
	console.error('usage: gen-site.mjs DIR FILES [--big]  (FILES >= 40)');
	process.exit(2);
}

let seed = 12345;
function random() { // xorshift32: the same tree on every run
	seed ^= seed << 13; seed >>>= 0;
	seed ^= seed >>> 17;
	seed ^= seed << 5; seed >>>= 0;
	return seed;
}
function bytes(n) {
	const b = Buffer.alloc(n);
	for (let i = 0; i < n; i++)
		b[i] = random() & 255;
	return b;
}
const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function viteHash() {
	let s = '';
	for (let i = 0; i < 8; i++)
		s += B64[random() % 62];
	return s;
}

let written = 0;
function put(path, data) {
	const file = join(dir, path);
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, data);
	written++;
}

// A valid w x h RGB PNG of one colour.
function png(w, h, rgb) {
	const crcTable = Array.from({ length: 256 }, (_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c >>> 0;
	});
	const crc = (buf) => {
		let c = 0xffffffff;
		for (const b of buf)
			c = crcTable[(c ^ b) & 255] ^ (c >>> 8);
		return (c ^ 0xffffffff) >>> 0;
	};
	const chunk = (type, data) => {
		const len = Buffer.alloc(4), sum = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		sum.writeUInt32BE(crc(Buffer.concat([Buffer.from(type), data])));
		return Buffer.concat([len, Buffer.from(type), data, sum]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(w).fill(rgb).flat())]);
	return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(Buffer.concat(Array(h).fill(row)))), chunk('IEND', Buffer.alloc(0))]);
}
const ico = () => Buffer.concat([Buffer.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0]),
	Buffer.from([0x68, 4, 0, 0, 22, 0, 0, 0]), bytes(1128)]);
const svg = (i) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="${i % 8 + 1}"/></svg>\n`;
const font = (magic, n) => Buffer.concat([Buffer.from(magic, 'binary'), bytes(n)]);

// The fixed core: what every kind of precache decision needs once.
const viteJs = `assets/index-${viteHash()}.js`, vendorJs = `assets/vendor-${viteHash()}.js`;
const viteCss = `assets/index-${viteHash()}.css`;
put(viteJs, `import('/lazy.js');\nimport '/${vendorJs}';\nconsole.log('index');\n`);
put(vendorJs, 'export const vendor = 1;\n');
put('lazy.js', 'export const lazy = true;\n');
put('legacy.mjs', 'export default 1;\n');
put(viteCss, 'body { margin: 0; }\n');
put('print.css', '@media print { body { color: black; } }\n');
put('site.webmanifest', JSON.stringify({ name: 'generated', start_url: '/', icons: [
	{ src: '/icons/192.png', sizes: '192x192', type: 'image/png' },
	{ src: 'icons/512.png', sizes: '512x512', type: 'image/png' }] }) + '\n');
put('icons/192.png', png(192, 192, [20, 120, 200]));
put('icons/512.png', png(512, 512, [20, 120, 200]));
put('icons/apple.png', png(180, 180, [200, 120, 20]));
put('favicon.ico', ico());
put('favicon.svg', svg(3));
put(`assets/engine-${viteHash()}.wasm`, Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), bytes(600)]));
put(`assets/inter-${viteHash()}.woff2`, font('wOF2', 700));
put('fonts/serif.woff', font('wOFF', 700));
put('fonts/mono.ttf', font('\x00\x01\x00\x00', 700));
put('photos/one.png', png(64, 48, [90, 160, 60]));
put('photos/two.png', png(40, 30, [160, 60, 90]));
put('robots.txt', 'User-agent: *\nAllow: /\n');
put(`${viteJs}.map`, '{"version":3,"sources":[],"mappings":""}\n');
put('data/config.json', '{"feature": true}\n');
if (flags.includes('--big'))
	put('fonts/huge.woff2', font('wOF2', 2500000));

const head = (title) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="manifest" href="/site.webmanifest">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="apple-touch-icon" href="/icons/apple.png">
<link rel="stylesheet" href="/${viteCss}">
<link rel="stylesheet" href="/print.css" media="print">
<script type="module" src="/${viteJs}"></script>
</head>
`;
const page = (title, body) => `${head(title)}<body>\n<h1>${title}</h1>\n${body}\n</body>\n</html>\n`;
put('index.html', page('Home', '<img src="/photos/one.png" alt="one">'));
put('offline.html', page('Offline', '<p>You are offline.</p>'));
put('about/index.html', page('About', '<img src="/photos/two.png" alt="two">'));
put('docs/page one.html', page('Page one', '<p>A name with a space.</p>'));

// The rest, in rotation, until the count is reached.
for (let i = 0; written < total; i++) {
	const n = String(i).padStart(5, '0');
	switch (i % 10) {
	case 0: put(`blog/post-${n}/index.html`, page(`Post ${n}`, `<p>Post ${n}.</p>` +
		(i / 10 < images ? `\n<img src="/gallery/g${String(i + 8).padStart(5, '0')}.png" alt="">` : ''))); break;
	case 1: put(`pages/p${n}.html`, page(`Page ${n}`, `<p>Page ${n}.</p>`)); break;
	case 2: put(`assets/chunk${n}-${viteHash()}.js`, `export const c${i} = ${i};\n`); break;
	case 3: put(`js/plain${n}.js`, `window.p${i} = ${i};\n`); break;
	case 4: put(`assets/part${n}-${viteHash()}.css`, `.c${i} { color: #${(i % 4096).toString(16).padStart(3, '0')}; }\n`); break;
	case 5: put(`data/item${n}.json`, JSON.stringify({ id: i, name: `item ${i}` }) + '\n'); break;
	case 6: put(`icons/i${n}.svg`, svg(i)); break;
	case 7: put(`assets/font${n}-${viteHash()}.woff2`, font('wOF2', 300)); break;
	case 8:
		if (Math.floor(i / 10) < images)
			put(`gallery/g${n}.png`, png(48 + i % 64, 32 + i % 48, [i % 256, (i >> 8) % 256, 128]));
		else
			put(`text/t${n}.txt`, `line ${i}\n`);
		break;
	case 9: put(`styles/s${n}.css`, `.s${i} { margin: ${i % 50}px; }\n`); break;
	}
}
