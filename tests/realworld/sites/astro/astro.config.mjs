// The defaults a new Astro project has: pages as dir/index.html, hashed
// bundles and optimised images under _astro/.
import { defineConfig } from 'astro/config';

export default defineConfig({ site: 'https://example.org', telemetry: false });
