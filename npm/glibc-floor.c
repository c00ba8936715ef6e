/* SPDX-License-Identifier: MIT */
/*
 * glibc-floor: make an ELF file that was linked against a newer glibc load on
 * an older one, or say exactly why it cannot.
 *
 *   glibc-floor [-n] MAX FILE...
 *
 * The npm platform package carries Debian 12's libraries (glibc 2.36), but
 * must run on Amazon Linux 2023 (glibc 2.34). A prebuilt library cannot be
 * relinked against an older glibc, so this edits the symbol versioning in
 * place, for a short list of symbols where that is known to be safe:
 *
 *  - hypot got a new version in 2.35, which drops the old SVID error
 *    handling wrapper; both compute hypot. An unversioned reference binds to
 *    the version every glibc has, GLIBC_2.2.5.
 *  - arc4random, arc4random_buf and arc4random_uniform are new in 2.36; the
 *    reference is made unversioned and glibc-compat.c, which the bundler adds
 *    as a dependency of the file, provides them where libc does not.
 *
 * For each undefined dynamic symbol that needs a GLIBC_ version newer than
 * MAX: if it is in that list, its .gnu.version entry becomes 1 (unversioned);
 * otherwise it is reported and the file is left untouched (exit 1). A version
 * requirement in .gnu.version_r that no symbol uses any more is then taken
 * out, so the dynamic loader neither refuses the file nor warns about it.
 *
 * Prints one line per change; "FILE: needs compat" when the file now relies
 * on glibc-compat.c. -n: report only, write nothing. Only 64-bit
 * little-endian ELF files are handled; other files are skipped.
 */
#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct fix {
	const char *symbol;
	bool compat;  /* true: glibc-compat.c provides it on old glibc */
} fixes[] = {
	{ "arc4random", true },
	{ "arc4random_buf", true },
	{ "arc4random_uniform", true },
	{ "hypot", false },
};

struct elf {
	const char *path;
	unsigned char *data;
	size_t size;
	Elf64_Sym *dynsym;
	size_t nsyms;
	const char *dynstr;
	size_t dynstr_size;
	Elf64_Half *versym;
	unsigned char *verneed;
	size_t verneed_size;
	size_t verneed_count;
};

/* "GLIBC_2.36" -> 2036, "GLIBC_2.2.5" -> 2002; -1 if not a glibc version. */
static long glibc_version(const char *name)
{
	unsigned long major, minor;
	char *end;

	if (strncmp(name, "GLIBC_", 6) != 0)
		return -1;
	errno = 0;
	major = strtoul(name + 6, &end, 10);
	if (end == name + 6 || *end != '.' || errno)
		return -1;
	minor = strtoul(end + 1, &end, 10);
	if (errno || minor > 999 || major > 99)
		return -1;
	return (long)(major * 1000 + minor);
}

static bool in_file(const struct elf *e, Elf64_Off off, Elf64_Xword len)
{
	return off <= e->size && len <= e->size - off;
}

static const char *dynstr_at(const struct elf *e, Elf64_Word off)
{
	if (off >= e->dynstr_size ||
	    !memchr(e->dynstr + off, '\0', e->dynstr_size - off))
		return NULL;
	return e->dynstr + off;
}

/* Find .dynsym, .dynstr, .gnu.version and .gnu.version_r. Returns 0, 1 if the
 * file is not a dynamic 64-bit little-endian ELF file (skip it), -1 if it is
 * malformed. */
static int elf_sections(struct elf *e)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)e->data;
	const Elf64_Shdr *sh;
	size_t i;

	if (e->size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return 1;
	if (eh->e_shentsize != sizeof *sh ||
	    !in_file(e, eh->e_shoff, (Elf64_Xword)eh->e_shnum * sizeof *sh))
		return -1;
	sh = (const Elf64_Shdr *)(e->data + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_NOBITS &&
		    !in_file(e, sh[i].sh_offset, sh[i].sh_size))
			return -1;
		switch (sh[i].sh_type) {
		case SHT_DYNSYM:
			if (sh[i].sh_link >= eh->e_shnum ||
			    !in_file(e, sh[sh[i].sh_link].sh_offset, sh[sh[i].sh_link].sh_size))
				return -1;
			e->dynsym = (Elf64_Sym *)(e->data + sh[i].sh_offset);
			e->nsyms = sh[i].sh_size / sizeof(Elf64_Sym);
			e->dynstr = (const char *)e->data + sh[sh[i].sh_link].sh_offset;
			e->dynstr_size = sh[sh[i].sh_link].sh_size;
			break;
		case SHT_GNU_versym:
			e->versym = (Elf64_Half *)(e->data + sh[i].sh_offset);
			break;
		case SHT_GNU_verneed:
			e->verneed = e->data + sh[i].sh_offset;
			e->verneed_size = sh[i].sh_size;
			e->verneed_count = sh[i].sh_info;
			break;
		}
	}
	return e->dynsym ? 0 : 1;
}

/* Call fn for each version requirement; stops at and returns fn's first
 * non-zero result, or -1 if the table is malformed. */
static int each_vernaux(struct elf *e, int (*fn)(struct elf *, const char *file,
						  Elf64_Vernaux *, void *), void *arg)
{
	size_t off = 0, n, i, aoff;
	int r;

	for (n = 0; n < e->verneed_count; n++) {
		Elf64_Verneed *vn;
		const char *file;

		if (off > e->verneed_size || e->verneed_size - off < sizeof *vn)
			return -1;
		vn = (Elf64_Verneed *)(e->verneed + off);
		if (!(file = dynstr_at(e, vn->vn_file)))
			return -1;
		aoff = off + vn->vn_aux;
		for (i = 0; i < vn->vn_cnt; i++) {
			Elf64_Vernaux *va;

			if (aoff > e->verneed_size || e->verneed_size - aoff < sizeof *va)
				return -1;
			va = (Elf64_Vernaux *)(e->verneed + aoff);
			if ((r = fn(e, file, va, arg)) != 0)
				return r;
			aoff += va->vna_next;
		}
		if (!vn->vn_next)
			break;
		off += vn->vn_next;
	}
	return 0;
}

struct lookup {
	Elf64_Half index;
	Elf64_Vernaux *found;
};

static int find_index(struct elf *e, const char *file, Elf64_Vernaux *va, void *arg)
{
	struct lookup *l = arg;

	(void)e, (void)file;
	if ((va->vna_other & 0x7fff) == l->index) {
		l->found = va;
		return 1;
	}
	return 0;
}

struct opts {
	long max;
	bool dry_run;
	bool changed;
};

static bool index_used(const struct elf *e, Elf64_Half index)
{
	size_t i;

	for (i = 1; i < e->nsyms; i++)
		if ((e->versym[i] & 0x7fff) == index)
			return true;
	return false;
}

/* Is this requirement one to drop: newer than MAX, and used by no symbol? */
static bool droppable(const struct elf *e, const Elf64_Vernaux *va, const struct opts *p)
{
	const char *name = dynstr_at(e, va->vna_name);

	return name && glibc_version(name) > p->max && !index_used(e, va->vna_other & 0x7fff);
}

/*
 * Take the version requirements that no symbol uses any more out of the
 * chains of .gnu.version_r. The loader checks every requirement when it maps
 * the file, and even a weak one that is missing makes it print "weak version
 * not found" on every run. A requirement that is alone in its chain cannot be
 * unlinked (the loader reads at least one); it is made weak instead.
 */
static int drop_versions(struct elf *e, struct opts *p)
{
	size_t off = 0, n, i;

	for (n = 0; n < e->verneed_count; n++) {
		Elf64_Verneed *vn;
		Elf64_Vernaux *va, *prev = NULL;
		size_t aoff;
		const char *file;

		if (off > e->verneed_size || e->verneed_size - off < sizeof *vn)
			return -1;
		vn = (Elf64_Verneed *)(e->verneed + off);
		if (!(file = dynstr_at(e, vn->vn_file)))
			return -1;
		aoff = off + vn->vn_aux;
		for (i = 0; i < vn->vn_cnt; i++) {
			if (aoff > e->verneed_size || e->verneed_size - aoff < sizeof *va)
				return -1;
			va = (Elf64_Vernaux *)(e->verneed + aoff);
			aoff += va->vna_next;
			if (!droppable(e, va, p)) {
				prev = va;
				continue;
			}
			p->changed = true;
			if (vn->vn_cnt == 1) {
				printf("%s: %s from %s: made weak (the loader will warn)\n",
				       e->path, dynstr_at(e, va->vna_name), file);
				va->vna_flags |= VER_FLG_WEAK;
				break;
			}
			printf("%s: %s from %s: dropped\n", e->path, dynstr_at(e, va->vna_name), file);
			if (prev)
				prev->vna_next = va->vna_next ? prev->vna_next + va->vna_next : 0;
			else
				vn->vn_aux += va->vna_next;
			vn->vn_cnt--;
			i--;
		}
		if (!vn->vn_next)
			break;
		off += vn->vn_next;
	}
	return 0;
}

/* Returns the number of symbols that cannot be fixed, or -1. */
static int fix_symbols(struct elf *e, struct opts *p, bool *needs_compat)
{
	int bad = 0;
	size_t i, k;

	for (i = 1; i < e->nsyms; i++) {
		struct lookup l = { .index = e->versym[i] & 0x7fff };
		const char *sym, *ver;

		if (e->dynsym[i].st_shndx != SHN_UNDEF || l.index < 2)
			continue;
		if (each_vernaux(e, find_index, &l) < 0)
			return -1;
		if (!l.found || !(ver = dynstr_at(e, l.found->vna_name)) ||
		    !(sym = dynstr_at(e, e->dynsym[i].st_name)))
			continue;
		if (glibc_version(ver) <= p->max)
			continue;
		for (k = 0; k < sizeof fixes / sizeof *fixes; k++)
			if (strcmp(fixes[k].symbol, sym) == 0)
				break;
		if (k == sizeof fixes / sizeof *fixes) {
			fprintf(stderr, "glibc-floor: '%s' needs %s@%s, which older glibc lacks\n",
				e->path, sym, ver);
			bad++;
			continue;
		}
		printf("%s: %s@%s: made unversioned (%s)\n", e->path, sym, ver,
		       fixes[k].compat ? "glibc-compat provides it" :
		       "binds to the version every glibc has");
		e->versym[i] = VER_NDX_GLOBAL;
		*needs_compat |= fixes[k].compat;
		p->changed = true;
	}
	return bad;
}

static int write_back(const struct elf *e)
{
	char *tmp;
	struct stat st;
	FILE *f;
	size_t n = strlen(e->path) + sizeof ".floor";

	if (stat(e->path, &st) < 0 || !(tmp = malloc(n)))
		return -1;
	snprintf(tmp, n, "%s.floor", e->path);
	if (!(f = fopen(tmp, "wb"))) {
		free(tmp);
		return -1;
	}
	if (fwrite(e->data, 1, e->size, f) != e->size || fclose(f) != 0 ||
	    chmod(tmp, st.st_mode & 07777) < 0 || rename(tmp, e->path) < 0) {
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

static int floor_file(const char *path, struct opts *p)
{
	struct elf e = { .path = path };
	bool needs_compat = false;
	FILE *f;
	long size;
	int r = -1;

	p->changed = false;
	if (!(f = fopen(path, "rb")) || fseek(f, 0, SEEK_END) < 0 ||
	    (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) < 0) {
		fprintf(stderr, "glibc-floor: cannot read '%s': %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	e.size = (size_t)size;
	if (!(e.data = malloc(e.size ? e.size : 1)) ||
	    fread(e.data, 1, e.size, f) != e.size) {
		fprintf(stderr, "glibc-floor: cannot read '%s'\n", path);
		goto out;
	}
	switch (elf_sections(&e)) {
	case 1: r = 0; goto out;  /* not a dynamic ELF64 file */
	case -1: goto malformed;
	}
	if (!e.versym || !e.verneed) {
		r = 0;  /* no symbol versioning: nothing to check */
		goto out;
	}
	if ((r = fix_symbols(&e, p, &needs_compat)) != 0) {
		if (r < 0)
			goto malformed;
		r = -1;
		goto out;
	}
	if (drop_versions(&e, p) < 0)
		goto malformed;
	if (needs_compat)
		printf("%s: needs compat\n", path);
	if (p->changed && !p->dry_run && write_back(&e) < 0) {
		fprintf(stderr, "glibc-floor: cannot write '%s': %s\n", path, strerror(errno));
		r = -1;
		goto out;
	}
	r = 0;
	goto out;
malformed:
	fprintf(stderr, "glibc-floor: malformed ELF file '%s'\n", path);
	r = -1;
out:
	fclose(f);
	free(e.data);
	return r;
}

int main(int argc, char *argv[])
{
	struct opts p = { 0 };
	int i = 1, status = 0;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		p.dry_run = true;
		i++;
	}
	if (argc - i < 2) {
		fputs("usage: glibc-floor [-n] MAX FILE...\n", stderr);
		return 2;
	}
	{
		size_t n = strlen(argv[i]) + sizeof "GLIBC_";
		char *v = malloc(n);

		if (!v)
			return 1;
		snprintf(v, n, "GLIBC_%s", argv[i]);
		p.max = glibc_version(v);
		free(v);
	}
	if (p.max < 0) {
		fprintf(stderr, "glibc-floor: invalid glibc version '%s'\n", argv[i]);
		return 2;
	}
	for (i++; i < argc; i++)
		if (floor_file(argv[i], &p) < 0)
			status = 1;
	return status;
}
