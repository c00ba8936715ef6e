// A static export: every page prerendered to build/, the app's hashed
// bundles under _app/immutable/.
import adapter from '@sveltejs/adapter-static';

export default {
	kit: { adapter: adapter({ pages: 'build', assets: 'build', fallback: undefined }) }
};
