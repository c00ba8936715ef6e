// A small blog: a layout, two posts, a stylesheet with a web font, photos.
// The photos and the font are copied in by the test (tests/realworld/).
export default function (config) {
	config.addPassthroughCopy("css");
	config.addPassthroughCopy("img");
	config.addPassthroughCopy("fonts");
	return { dir: { input: ".", includes: "_includes", output: "_site" } };
}
