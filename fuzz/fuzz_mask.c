/*
 * fuzz_mask.c - the masking of public text (lib/mask.h): the input's first
 * line is the text, each further line a known value of the kind its first
 * byte picks; every masker on every line too. The masked text must never
 * hold a known value of 8 digits or more (an ID or phone number: what
 * masking is for; the masked form of any other value may, by chance,
 * contain it).
 */
#include "fuzz.h"

#include "lib/buf.h"
#include "lib/mask.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_KNOWN = 16 };

static int long_number(const char *s)
{
	size_t n = strlen(s);

	return n >= 8 && strspn(s, "0123456789") == n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *line, *save = NULL;
	struct fz_mask_value known[MAX_KNOWN];
	unsigned counts[FZ_MASK_KINDS] = {0};
	struct fz_buf b = FZ_BUF_INIT(1u << 20);
	const char *text = strtok_r(s, "\n", &save);
	size_t n = 0;

	while (n < MAX_KNOWN && (line = strtok_r(NULL, "\n", &save))) {
		if (!line[0])
			continue;
		known[n].kind = (unsigned char)line[0] % FZ_MASK_KINDS;
		known[n++].text = line + 1;
		fz_mask_auto(line + 1, &b);
		fz_mask_address(line + 1, &b);
		fz_buf_reset(&b);
	}
	if (text && fz_mask_text(text, known, n, &b, counts) == 0) {
		size_t i;
		for (i = 0; i < n; i++)
			if (long_number(known[i].text) && b.data &&
			    strstr(b.data, known[i].text))
				abort(); /* a known number left unmasked */
	}
	fz_buf_release(&b);
	free(s);
	return 0;
}
