// Every route is prerendered to HTML at build time.
export const prerender = true;
