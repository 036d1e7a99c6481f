/*
 * zipcheck.h - just enough of a zip reader for unit tests of XLSX output
 * (test_export.c, test_disclosure_table.c). Include after <cmocka.h>.
 *
 * zip_part() finds a part by name through the end-of-central-directory
 * record (no archive comment, no zip64: what libxlsxwriter writes) and
 * inflates it with zlib, which libxlsxwriter links anyway. Any surprise
 * fails the test. The result is NUL-terminated and the caller frees it.
 */
#ifndef FZ_TEST_ZIPCHECK_H
#define FZ_TEST_ZIPCHECK_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static inline unsigned zc_u16(const unsigned char *p)
{
	return p[0] | (unsigned)p[1] << 8;
}

static inline unsigned long zc_u32(const unsigned char *p)
{
	return zc_u16(p) | (unsigned long)zc_u16(p + 2) << 16;
}

/* True if the last 22 bytes of a zip are its end-of-central-directory. */
static inline int has_eocd(const unsigned char *end22)
{
	return memcmp(end22, "PK\x05\x06", 4) == 0;
}

static inline char *zip_part(const unsigned char *z, size_t n, const char *name)
{
	const unsigned char *eocd = z + n - 22, *cd, *lh;
	unsigned i, count;
	unsigned long csize, usize;
	z_stream s;
	char *out;

	assert_true(n > 22 && memcmp(z, "PK\x03\x04", 4) == 0);
	assert_true(has_eocd(eocd));
	count = zc_u16(eocd + 10);
	cd = z + zc_u32(eocd + 16);
	for (i = 0; i < count; i++) {
		assert_int_equal(zc_u32(cd), 0x02014b50);
		if (zc_u16(cd + 28) == strlen(name) &&
		    memcmp(cd + 46, name, strlen(name)) == 0)
			break;
		cd += 46 + zc_u16(cd + 28) + zc_u16(cd + 30) + zc_u16(cd + 32);
	}
	assert_true(i < count);
	assert_int_equal(zc_u16(cd + 10), 8); /* deflated */
	csize = zc_u32(cd + 20);
	usize = zc_u32(cd + 24);
	lh = z + zc_u32(cd + 42);
	assert_int_equal(zc_u32(lh), 0x04034b50);
	out = calloc(1, usize + 1);
	assert_non_null(out);
	memset(&s, 0, sizeof(s));
	assert_int_equal(inflateInit2(&s, -MAX_WBITS), Z_OK);
	s.next_in = (unsigned char *)(uintptr_t)(lh + 30 + zc_u16(lh + 26) +
						 zc_u16(lh + 28));
	s.avail_in = (uInt)csize;
	s.next_out = (unsigned char *)out;
	s.avail_out = (uInt)usize;
	assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
	inflateEnd(&s);
	return out;
}

#endif
