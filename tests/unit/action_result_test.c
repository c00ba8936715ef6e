/* SPDX-License-Identifier: MIT */
/*
 * The ActionResult of a remote cache entry: encoded outputs read back
 * field for field; the bytes of a known message (written out by hand from
 * the protobuf encoding rules, with a field of every wire type that the
 * reader must skip); and every cut of a valid message, and a digest that
 * is not 64 hex digits, refused.
 */
#include <stdlib.h>
#include <string.h>

#include "action_result.h"
#include "buf.h"
#include "check.h"

static const char hash_a[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
static const char hash_b[] = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

int main(void)
{
	struct action_output in[2] = { { "record.json", "", 0 }, { "300.avif", "", 300000 } };
	struct action_output *out;
	struct buf b = { 0 }, known = { 0 };
	size_t n;

	memcpy(in[0].hash, hash_a, 65);
	memcpy(in[1].hash, hash_b, 65);
	action_result_encode(&b, in, 2);
	CHECK(action_result_decode(b.data, b.len, &out, &n) == 0);
	CHECK(n == 2);
	if (n == 2) {
		CHECK_STR(out[0].path, "record.json");
		CHECK_STR(out[0].hash, hash_a);
		CHECK(out[0].size == 0);
		CHECK_STR(out[1].path, "300.avif");
		CHECK_STR(out[1].hash, hash_b);
		CHECK(out[1].size == 300000);
		action_result_free(out, n);
	}

	/* One output "a" of 5 bytes, by hand: 0x12 LEN { 0x0a 1 "a", 0x12 LEN
	 * { 0x0a 64 HASH, 0x10 5 } }, with fields the reader skips around it:
	 * exit_code (3, varint), a fixed64 and a fixed32 of unknown numbers,
	 * and stdout_raw (5, bytes). */
	buf_add(&known, "\x18\x07", 2);
	buf_add(&known, "\x31" "12345678", 9);
	buf_add(&known, "\x3d" "1234", 5);
	buf_add(&known, "\x2a\x02hi", 4);
	buf_add(&known, "\x12\x49\x0a\x01" "a" "\x12\x44\x0a\x40", 9);
	buf_add(&known, hash_b, 64);
	buf_add(&known, "\x10\x05", 2);
	CHECK(action_result_decode(known.data, known.len, &out, &n) == 0);
	CHECK(n == 1);
	if (n == 1) {
		CHECK_STR(out[0].path, "a");
		CHECK_STR(out[0].hash, hash_b);
		CHECK(out[0].size == 5);
		action_result_free(out, n);
	}

	/* Every cut of the encoded message fails, but the one after its first
	 * output, which is a whole message of one output. */
	buf_reset(&known);
	action_result_encode(&known, in, 1);
	for (size_t cut = 1; cut < b.len; cut++) {
		int r = action_result_decode(b.data, cut, &out, &n);

		if (r == 0) {
			CHECK(cut == known.len && n == 1);
			action_result_free(out, n);
		}
	}
	/* A digest of 63 hex digits, or with an upper-case digit. */
	buf_reset(&known);
	buf_add(&known, "\x12\x48\x0a\x01" "a" "\x12\x43\x0a\x3f", 9);
	buf_add(&known, hash_b, 63);
	buf_add(&known, "\x10\x05", 2);
	CHECK(action_result_decode(known.data, known.len, &out, &n) < 0);
	buf_reset(&known);
	buf_add(&known, "\x12\x49\x0a\x01" "a" "\x12\x44\x0a\x40", 9);
	buf_add(&known, "E", 1);
	buf_add(&known, hash_b + 1, 63);
	buf_add(&known, "\x10\x05", 2);
	CHECK(action_result_decode(known.data, known.len, &out, &n) < 0);
	buf_release(&b);
	buf_release(&known);
	return check_status();
}
