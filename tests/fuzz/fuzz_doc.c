/* Fuzz target for doc: open bytes from memory (the first byte picks the
 * options), then check the text and the paragraph contract. Aborts on any
 * violated invariant. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "outline.h"
#include "ustr.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

/* Each body byte is the text byte, or a join where the text had a line
 * terminator, indent or quote mark. */
static void
check_body(struct doc *d, const struct doc_para *p, const char *text)
{
	const char	*t = doc_para_text(d, p);
	size_t		 i;
	char		 a, b;

	for (i = 0; i < p->body_len; i++) {
		a = text[p->body_off + i];
		b = t[i];
		if (a == b || b == '\n')	/* a join, or hidden markup */
			continue;
		if (b == ' ') {		/* a join between words */
			CHECK(a == '\n' || a == '\r' || a == ' ' || a == '\t' ||
			    a == '>');
			continue;
		}
		/* a ruby reading's 《 》 shown as （ ）, byte for byte */
		CHECK(memchr("\xE3\x80\x8A\x8B", a, 4) != NULL &&
		    memchr("\xEF\xBC\x88\x89", b, 4) != NULL);
	}
}

static void
check_paras(struct doc *d, const char *text, size_t len)
{
	struct doc_para	 p, q, r;
	size_t		 prev_end = 0, count = 0;
	int		 ok;

	for (ok = doc_para_at(d, 0, &p); ok == 0 && count < 100000; count++) {
		CHECK(p.off >= prev_end && p.off + p.len <= len);
		CHECK(p.len < DOC_PARA_MAX);
		CHECK(p.body_off >= p.off && p.body_off + p.body_len <= p.off + p.len);
		CHECK(doc_para_at(d, p.off, &r) == 0 && r.off == p.off && r.len == p.len);
		if (p.len > 0)
			CHECK(doc_para_at(d, p.off + p.len - 1, &r) == 0 && r.off == p.off);
		check_body(d, &p, text);
		ok = doc_para_next(d, &p, &q);
		if (ok == 0) {
			CHECK(q.off >= p.off + p.len);
			CHECK(doc_para_prev(d, &q, &r) == 0);
			CHECK(r.off == p.off && r.len == p.len && r.kind == p.kind);
		}
		prev_end = p.off + p.len;
		p = q;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc_opts	 o;
	struct doc	*d;
	char		*text, *want, *cause = NULL;
	const char	*v;
	size_t		 len, i, k, got;
	uint32_t	 cp;
	uint8_t		 f;

	if (size == 0)
		return 0;
	f = data[0];
	memset(&o, 0, sizeof o);
	o.no_scan = 1;
	o.markdown = (f & 3) == 0 ? -1 : (f & 3) == 1;
	o.block_size = f & 4 ? 16 + (size_t)(f >> 3 & 7) * 64 : 0;
	o.encoding = f & 0x80 ? "utf-8" : NULL;
	d = doc_open_mem((const char *)data + 1, size - 1, "fuzz", &o, &cause);
	CHECK(d != NULL && cause == NULL);
	len = doc_len(d);
	CHECK(doc_len_final(d) && doc_fingerprint(d) != NULL);
	text = malloc(len + 1);
	CHECK(doc_pread(d, 0, text, len) == len);
	/* Valid UTF-8 apart from USTR_SUB. */
	for (i = 0; i < len; i += k) {
		k = ustr_decode(text + i, len - i, &cp);
		CHECK(cp != USTR_BAD);
	}
	/* UTF-8 input is repaired in place, whatever the block size. */
	if (strcmp(doc_encoding(d), "UTF-8") == 0) {
		CHECK(len == size - 1);
		want = malloc(len + 1);
		memcpy(want, data + 1, len);
		ustr_repair(want, len);
		CHECK(memcmp(want, text, len) == 0);
		free(want);
	}
	for (i = 0; i < len; i += 1 + len / 16) {
		v = doc_view(d, i, 40, &got);
		CHECK(got == (len - i < 40 ? len - i : 40));
		CHECK(memcmp(v, text + i, got) == 0);
	}
	check_paras(d, text, len);
	doc_scan_wait(d);
	CHECK(doc_outline(d) != NULL && doc_scan_done(d));
	/* With the outline published, the contract still holds. */
	check_paras(d, text, len);
	free(text);
	doc_free(d);
	return 0;
}
