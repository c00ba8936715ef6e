/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../passes/budget.h"
#include "pass.h"
#include "build.h"
#include "cache.h"
#include "config.h"
#include "lib/afile.h"
#include "lib/util.h"
#include "options.h"
#include "plan.h"
#include "run.h"

static const char usage_text[] =
	"usage: distill [build] [DIST] [--out DIR [--force]] [-j N] [--cache DIR]\n"
	"                     [--config FILE] [--vercel] [--sw-template FILE] [--no-fail]\n"
	"                     [--strict] [--report FORMAT] [--shard I/N] [-n] [-q|-v]\n"
	"       distill budget [DIST] [--report text|json|markdown] [--cache DIR]\n"
	"       distill config [DIST] [--config FILE]   (print the configuration in force)\n"
	"       distill job PASS ARGS...   (one step of a build; run by ninja)\n"
	"       distill --help | --version\n"
	"\n"
	"Optimises a built static site: responsive WebP/AVIF images, fingerprinted\n"
	"names, brotli and zstd sidecars, cache headers, a service worker and size\n"
	"budgets. DIST defaults to 'dist' and is replaced in place, atomically,\n"
	"unless --out is given.\n"
	"\n"
	"  -o, --out DIR      write the result to DIR; DIST is left untouched. DIR must\n"
	"                     not overlap DIST nor be a project, home or the working\n"
	"                     folder; an existing DIR is replaced only when distill\n"
	"                     wrote it\n"
	"      --force        replace an --out folder that distill did not write\n"
	"  -j, --jobs N       run N jobs at once (default: number of CPUs)\n"
	"      --cache DIR    cache folder (default: node_modules/.cache/distill in the\n"
	"                     project, see README)\n"
	"      --config FILE  configuration (default: distill.config.json or the\n"
	"                     \"distill\" key of package.json)\n"
	"      --vercel       write Vercel's Build Output API layout (.vercel/output)\n"
	"      --sw-template FILE  service worker template (default: the built-in one)\n"
	"      --no-fail      report budgets but do not exit 3\n"
	"      --strict       fail, writing nothing, on a rejected input (a corrupt\n"
	"                     image, ...), a reference to a file not in the site, or a\n"
	"                     warning about the site (precache limits)\n"
	"      --report FMT   budget report: text (default), json or markdown\n"
	"      --shard I/N    run only the I-th of N slices of the jobs and upload them\n"
	"                     to the remote cache (remote.url); writes no output. A\n"
	"                     later build with that remote assembles the site\n"
	"  -n, --dry-run      plan and show what would run; write nothing\n"
	"  -q, --quiet        print only errors, warnings and summary lines (no tables)\n"
	"  -v, --verbose      print one line per job (twice: debug)\n"
	"\n"
	"Exit status: 0 built (a rejected input is carried over with a warning);\n"
	"3 built, but a budget was exceeded; 1 a job, input or I/O failed, or an\n"
	"input was rejected under --strict; 2 usage error; 128+N killed by signal N.\n"
	"Only after 0 and 3 have DIST or the output folder changed.\n";

_Noreturn static void usage(int status)
{
	fputs(usage_text, status ? stderr : stdout);
	exit(status);
}

static int parse_options(int argc, char *argv[], struct options *opt)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "cache", required_argument, NULL, 'C' },
		{ "config", required_argument, NULL, 'c' },
		{ "report", required_argument, NULL, 'r' },
		{ "vercel", no_argument, NULL, 'V' },
		{ "sw-template", required_argument, NULL, 'T' },
		{ "no-fail", no_argument, NULL, 'F' },
		{ "strict", no_argument, NULL, 'S' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "force", no_argument, NULL, 'f' },
		{ "shard", required_argument, NULL, 'D' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	uint64_t n;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:nqvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': opt->out = optarg; break;
		case 'j':
			if (!parse_u64(optarg, &n) || n == 0 || n > 1024) {
				warn("invalid -j '%s': expected a number of jobs", optarg);
				return -1;
			}
			opt->jobs = (int)n;
			break;
		case 'C': opt->cache = optarg; break;
		case 'c': opt->config = optarg; break;
		case 'r':
			if (strcmp(optarg, "text") && strcmp(optarg, "json") &&
			    strcmp(optarg, "markdown")) {
				warn("invalid --report '%s': expected text, json or markdown", optarg);
				return -1;
			}
			opt->report = optarg;
			break;
		case 'V': opt->vercel = true; break;
		case 'T': opt->sw_template = optarg; break;
		case 'F': opt->no_fail = true; break;
		case 'S': opt->strict = true; break;
		case 'n': opt->dry_run = true; break;
		case 'f': opt->force = true; break;
		case 'D': {
			unsigned i, count;
			char end;

			if (sscanf(optarg, "%u/%u%c", &i, &count, &end) != 2 || count == 0 ||
			    count > 1000 || i == 0 || i > count) {
				warn("invalid --shard '%s': expected I/N, 1 <= I <= N", optarg);
				return -1;
			}
			opt->shard = (int)i;
			opt->shards = (int)count;
			break;
		}
		case 'q': verbosity = 1; break;
		case 'v': verbosity++; break;
		case 'h': usage(EXIT_OK);
		case ':':
			warn("option '%s' needs an argument", argv[optind - 1]);
			return -1;
		default:
			warn("unknown option '%s'", argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc)
		opt->dist = argv[optind++];
	if (optind < argc) {
		warn("unexpected argument '%s'", argv[optind]);
		return -1;
	}
	return 0;
}

/* Every job is bounded, so that one hostile input cannot take the machine:
 * CPU seconds, and address space (left to the sanitizer in ASan builds,
 * which reserve terabytes of shadow memory). Documented in README.md. */
enum { JOB_CPU_SECONDS = 600 };
#define JOB_ADDRESS_SPACE ((rlim_t)3 << 30)

static void limit_job(void)
{
	struct rlimit cpu = { JOB_CPU_SECONDS, JOB_CPU_SECONDS + 5 };

	setrlimit(RLIMIT_CPU, &cpu);
#if !defined(__SANITIZE_ADDRESS__)
	struct rlimit as = { JOB_ADDRESS_SPACE, JOB_ADDRESS_SPACE };

	setrlimit(RLIMIT_AS, &as);
#endif
}

/*
 * An aggregate's stamp (plan.h), named by PLAN_STAMP_OPTION: every stamp
 * in the job's folder is removed before it runs, so that no stamp stays
 * beside outputs it does not describe, and its own is written once the
 * job is done. The option is taken out of argv.
 */
static const char *take_stamp(int *argc, char *argv[])
{
	for (int i = 0; i < *argc; i++) {
		if (has_prefix(argv[i], PLAN_STAMP_OPTION)) {
			const char *stamp = argv[i] + strlen(PLAN_STAMP_OPTION);

			memmove(&argv[i], &argv[i + 1], (size_t)(*argc - i) * sizeof(*argv));
			(*argc)--;
			return stamp;
		}
	}
	return NULL;
}

static void remove_stamps(const char *stamp)
{
	char *dir = xstrndup(stamp, (size_t)(path_base(stamp) - stamp));
	DIR *d = opendir(dir[0] ? dir : ".");
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (has_prefix(e->d_name, PLAN_STAMP_PREFIX))
			unlinkat(dirfd(d), e->d_name, 0);
	if (d)
		closedir(d);
	free(dir);
}

static int run_job(int argc, char *argv[])
{
	const struct pass *pass;
	const char *stamp;
	int status;

	if (argc < 1) {
		warn("job: missing pass name");
		return EXIT_USAGE;
	}
	pass = pass_find(argv[0]);
	if (!pass || !pass->run) {
		warn("job: unknown pass '%s'", argv[0]);
		return EXIT_USAGE;
	}
	if (getenv(JOB_VERBOSITY_ENV))
		verbosity = atoi(getenv(JOB_VERBOSITY_ENV));
	limit_job();
	afile_install_cleanup();
	stamp = take_stamp(&argc, argv);
	if (stamp)
		remove_stamps(stamp);
	status = pass->run(argc - 1, argv + 1) == 0 ? EXIT_OK : EXIT_FAILED;
	if (status == EXIT_OK && stamp && afile_put(stamp, "", 0) < 0) {
		warn("cannot write '%s':", stamp);
		status = EXIT_FAILED;
	}
	return status;
}

/* distill config: every key with its value in force, defaults included. */
static int print_config(const struct options *opt)
{
	char *dist = realpath(opt->dist, NULL);
	char *project = cache_project_dir(dist ? dist : opt->dist);
	json_t *config = config_load(opt->config, project);
	char *text;

	free(dist);
	free(project);
	if (!config)
		return EXIT_FAILED;
	text = json_dumps(config, JSON_INDENT(2) | JSON_SORT_KEYS);
	puts(text);
	free(text);
	json_decref(config);
	return EXIT_OK;
}

/* The commands that build or read a site; "job" and the flags come first.
 * budget is a build that stops after the budget (build.c). */
static const struct command {
	const char *name;
	int (*run)(const struct options *opt);
} commands[] = {
	{ "build", build },
	{ "budget", build },
	{ "config", print_config },
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int main(int argc, char *argv[])
{
	struct options opt = { .dist = "dist", .report = "text" };
	const struct command *cmd;
	int status;

	if (argc < 2)
		usage(EXIT_USAGE);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		usage(EXIT_OK);
	if (strcmp(argv[1], "--version") == 0) {
		puts("distill " DISTILL_VERSION);
		return fflush(stdout) || ferror(stdout) ? EXIT_FAILED : EXIT_OK;
	}
	if (strcmp(argv[1], "job") == 0)
		return run_job(argc - 2, argv + 2);
	cmd = find_command(argv[1]);
	if (cmd) {
		argc--;
		argv++;
	} else {
		/* "distill dist" is "distill build dist", as in package.json scripts. */
		cmd = find_command("build");
		argv[0] = "build";
	}
	opt.command = cmd->name;
	if (parse_options(argc, argv, &opt) < 0)
		usage(EXIT_USAGE);
	status = cmd->run(&opt);
	if (fflush(stdout) || ferror(stdout)) {
		warn("cannot write to standard output");
		return EXIT_FAILED;
	}
	return status;
}
