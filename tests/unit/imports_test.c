/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "imports.h"

/* The specifiers found in js, as "s:SPEC" or "d:SPEC" joined by spaces. */
static char *scan(const char *js)
{
	size_t n;
	struct import_spec *v = imports_scan(js, strlen(js), &n);
	static char out[4096];

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, v[i].dynamic ? "d:" : "s:");
		strcat(out, v[i].spec);
	}
	imports_free(v, n);
	return out;
}

static void check_resolve(const char *from, const char *spec, const char *want)
{
	char *got = imports_resolve(from, spec);

	if (!want)
		CHECK(got == NULL);
	else
		CHECK_STR(got, want);
	free(got);
}

int main(void)
{
	/* Rollup and Vite output, minified and not. */
	CHECK_STR(scan("import{r as e,j as t}from\"./vendor-BqzH5XkL.js\";"
		       "const a=()=>import(\"./lazy-C1x2y3z4.js\");"),
		  "s:./vendor-BqzH5XkL.js d:./lazy-C1x2y3z4.js");
	CHECK_STR(scan("import './style.js';\nimport def, * as ns from '../x.js'\n"
		       "export * from \"./a.js\";\nexport { b as c } from './b.js';\n"
		       "export * as d from './d.js'\nexport { local };\n"),
		  "s:./style.js s:../x.js s:./a.js s:./b.js s:./d.js");
	CHECK_STR(scan("import def from\n  // comment\n  './c.js' with { type: 'json' };"),
		  "s:./c.js");
	/* Not imports: strings, comments, templates, regexes, properties. */
	CHECK_STR(scan("const s = \"import x from './no.js'\";\n"
		       "// import './no2.js'\n/* import './no3.js' */\n"
		       "const t = `import './no4.js' ${ a + `nested ${'import \"./no5.js\"'}` }`;\n"
		       "const r = /import '.\\/no6.js'/g;\nobj.import('./no7.js');\n"
		       "if (x) { import('./yes.js') }\n"),
		  "d:./yes.js");
	/* A division is not a regex: the import after it is still seen. */
	CHECK_STR(scan("let q = a / 2; let w = (b) / c; import('./after.js')"),
		  "d:./after.js");
	CHECK_STR(scan("x = y.length / 2 / z; import \"./after.js\";"), "s:./after.js");
	/* A regex after return is skipped even when it holds a quote. */
	CHECK_STR(scan("function f(){return /'/.test(s)}import('./q.js')"), "d:./q.js");
	/* import.meta and computed dynamic imports are no modules. */
	CHECK_STR(scan("new URL('./a.png', import.meta.url); import('./' + name);"), "");
	/* Static imports only at the top level; dynamic ones anywhere. */
	CHECK_STR(scan("function f() { import('./d.js') }"), "d:./d.js");
	/* Unterminated input stops cleanly. */
	CHECK_STR(scan("import x from './unterminated"), "s:./unterminated");
	CHECK_STR(scan("`${"), "");
	CHECK_STR(scan("/* open"), "");

	check_resolve("assets/index.js", "./vendor.js", "assets/vendor.js");
	check_resolve("assets/index.js", "../lib/x.js?v=1#f", "lib/x.js");
	check_resolve("assets/index.js", "/assets/y.js", "assets/y.js");
	check_resolve("index.js", "./a%20b.js", "a b.js");
	check_resolve("assets/index.js", "react", NULL);
	check_resolve("assets/index.js", "https://cdn.example/x.js", NULL);
	check_resolve("assets/index.js", "//cdn.example/x.js", NULL);
	check_resolve("assets/index.js", "../../x.js", NULL);
	check_resolve("a/b/c.js", "./../../d/./e.js", "d/e.js");
	return check_status();
}
