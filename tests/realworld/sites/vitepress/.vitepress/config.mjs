// A small documentation site: the default theme, a sidebar, a local search
// index, a page with a photo; the photo and the logo are copied in by the
// test (tests/realworld/vitepress.sh).
export default {
	title: "A VitePress site",
	description: "Built by the real-world suite",
	head: [["link", { rel: "icon", href: "/logo.png" }]],
	themeConfig: {
		logo: "/logo.png",
		search: { provider: "local" },
		sidebar: [{ text: "Guide", items: [{ text: "Start", link: "/guide/" }, { text: "Photos", link: "/guide/photos" }] }],
	},
};
