/* doc_decode: which encoding a text is in (a BOM, valid UTF-8 with a little
 * damage, else GB18030 or Big5 by how their decodings score as Chinese), and
 * the decoder that turns raw input, in pieces, into clean UTF-8 for the
 * spool and for doc_open_mem(). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "doc_int.h"
#include "ustr.h"
#include "util.h"

/* Encoding detection. */

/* Bytes at the end of s that start a valid but unfinished sequence. */
static size_t
utf8_hold(const char *s, size_t n)
{
	size_t		p;
	uint32_t	cp;
	unsigned char	c;

	for (p = n > 3 ? n - 3 : 0; p < n; p++) {
		c = (unsigned char)s[p];
		if (c >= 0xC2 && c <= 0xF4 &&
		    ustr_decode(s + p, n - p, &cp) == n - p && cp == USTR_BAD)
			return n - p;
	}
	return 0;
}

/* Frequent characters of Chinese prose, simplified and traditional. */
static const char common_chars[] =
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生"
    "能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都"
    "同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实"
    "這個們來為國對會時說過發後裡經麼學現當沒動進樣從實點問題開關";

/* How well head decodes as enc: frequent characters and CJK count for,
 * other non-ASCII characters and errors against. */
static long
legacy_score(const char *enc, const char *h, size_t n)
{
	static const uint32_t	 lo = 0x4E00, hi = 0x9FFF;
	unsigned char		 common[(0x9FFF - 0x4E00) / 8 + 1];
	iconv_t			 cd;
	char			 out[4096], *in = (char *)h, *op;
	size_t			 inleft = n, outleft, i, k;
	long			 score = 0;
	uint32_t		 cp;

	if ((cd = iconv_open("UTF-32LE", enc)) == (iconv_t)-1)
		return -1;
	memset(common, 0, sizeof common);
	for (i = 0; i < sizeof common_chars - 1; i += k) {
		k = ustr_decode(common_chars + i, sizeof common_chars - 1 - i, &cp);
		if (cp >= lo && cp <= hi)
			common[(cp - lo) / 8] |= 1 << ((cp - lo) % 8);
	}
	while (inleft > 0) {
		op = out;
		outleft = sizeof out;
		if (iconv(cd, &in, &inleft, &op, &outleft) == (size_t)-1) {
			if (errno == EILSEQ) {
				score -= 8;
				in++;
				inleft--;
			} else if (errno != E2BIG)
				inleft = 0;	/* cut at the end of the head */
		}
		for (i = 0; i + 4 <= (size_t)(op - out); i += 4) {
			memcpy(&cp, out + i, 4);
			if (cp < 0x80)
				continue;
			if (cp >= lo && cp <= hi)
				score += common[(cp - lo) / 8] & (1 << ((cp - lo) % 8)) ? 5 : 1;
			else if ((cp >= 0x3000 && cp <= 0x303F) ||
			    (cp >= 0xFF00 && cp <= 0xFFEF) ||
			    (cp >= 0x2010 && cp <= 0x2027))
				score += 1;
			else
				score -= 2;
		}
	}
	iconv_close(cd);
	return score;
}

/* Encoding of a text starting with h[0..n); *bom: source bytes to skip. */
const char *
doc_detect_encoding(const char *h, size_t n, int whole, size_t *bom)
{
	const unsigned char	*u = (const unsigned char *)h;
	size_t			 m, bad, high = 0, i;
	long			 gb, big5;

	*bom = 0;
	if (n >= 4 && u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0) {
		*bom = 4;
		return "UTF-32LE";
	}
	if (n >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF) {
		*bom = 4;
		return "UTF-32BE";
	}
	if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		*bom = 2;
		return "UTF-16LE";
	}
	if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		*bom = 2;
		return "UTF-16BE";
	}
	m = whole ? n : n - utf8_hold(h, n);
	if ((bad = ustr_count_invalid(h, m)) == 0)
		return "UTF-8";
	for (i = 0; i < m; i++)
		high += u[i] >= 0x80;
	/* A few bad bytes in UTF-8 text are damage, not another encoding. */
	if (bad * 100 <= high)
		return "UTF-8";
	gb = legacy_score("GB18030", h, m);
	big5 = legacy_score("BIG5", h, m);
	if (gb <= 0 && big5 <= 0)
		return "UTF-8";
	return gb >= big5 ? "GB18030" : "BIG5";
}

/* opts.encoding to the name iconv takes (NULL for UTF-8); 0 if unknown. */
int
doc_forced_encoding(const char *name, const char **from, char *label, size_t size)
{
	static const struct {
		const char	*alias, *iconv;
	} known[] = {
		{ "utf-8", NULL }, { "utf8", NULL },
		{ "gb18030", "GB18030" }, { "gbk", "GB18030" },
		{ "gb2312", "GB18030" }, { "cp936", "GB18030" },
		{ "big5", "BIG5" }, { "cp950", "CP950" },
		{ "utf-16le", "UTF-16LE" }, { "utf-16be", "UTF-16BE" },
		{ "utf-32le", "UTF-32LE" }, { "utf-32be", "UTF-32BE" },
	};
	iconv_t	cd;
	size_t	i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (strcasecmp(name, known[i].alias) == 0) {
			*from = known[i].iconv;
			snprintf(label, size, "%s", *from ? *from : "UTF-8");
			return 1;
		}
	}
	/* Anything else iconv knows (latin1, shift_jis, ...). */
	if (strlen(name) >= size || (cd = iconv_open("UTF-8", name)) == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	for (i = 0; name[i] != '\0'; i++)
		label[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ?
		    name[i] - 'a' + 'A' : name[i]);
	label[i] = '\0';
	*from = label;
	return 1;
}

size_t
doc_unit_of(const char *from)
{
	if (from != NULL && strncasecmp(from, "UTF-16", 6) == 0)
		return 2;
	if (from != NULL && strncasecmp(from, "UTF-32", 6) == 0)
		return 4;
	return 1;
}

/* The decoder. */

void
doc_dec_init(struct dec *dc, const char *from, size_t unit)
{
	memset(dc, 0, sizeof *dc);
	dc->cd = (iconv_t)-1;
	dc->unit = unit;
	if (from != NULL && (dc->cd = iconv_open("UTF-8", from)) == (iconv_t)-1)
		die("iconv_open %s: %s", from, strerror(errno));
}

void
doc_dec_release(struct dec *dc)
{
	if (dc->cd != (iconv_t)-1)
		iconv_close(dc->cd);
	free(dc->work);
	free(dc->out);
	memset(dc, 0, sizeof *dc);
	dc->cd = (iconv_t)-1;
}

static void
dec_reserve(struct dec *dc, size_t more)
{
	if (dc->out == NULL || dc->outcap - dc->nout < more) {
		dc->outcap = dc->nout + more + dc->outcap / 2 + 16;
		dc->out = xrealloc(dc->out, dc->outcap);
	}
}

/* Decodes data[0..n) (after what is carried), appending to dc->out; at eof
 * an unfinished sequence is invalid. */
void
doc_dec_input(struct dec *dc, const char *data, size_t n, int eof)
{
	static const char	 fffd[] = "\xEF\xBF\xBD";
	size_t			 total = dc->ncarry + n, hold, inleft, outleft;
	char			*in, *op;

	if (dc->work == NULL || dc->workcap < total) {
		dc->workcap = total;
		dc->work = xrealloc(dc->work, total + 1);
	}
	memcpy(dc->work, dc->carry, dc->ncarry);
	memcpy(dc->work + dc->ncarry, data, n);
	dc->ncarry = 0;
	if (dc->cd == (iconv_t)-1) {
		hold = eof ? 0 : utf8_hold(dc->work, total);
		dec_reserve(dc, total - hold);
		memcpy(dc->out + dc->nout, dc->work, total - hold);
		dc->invalid += ustr_repair(dc->out + dc->nout, total - hold);
		dc->nout += total - hold;
		memcpy(dc->carry, dc->work + total - hold, hold);
		dc->ncarry = hold;
		return;
	}
	in = dc->work;
	inleft = total;
	while (inleft > 0) {
		dec_reserve(dc, inleft * 3 + 16);
		op = dc->out + dc->nout;
		outleft = dc->outcap - dc->nout;
		if (iconv(dc->cd, &in, &inleft, &op, &outleft) != (size_t)-1) {
			dc->nout = (size_t)(op - dc->out);
			continue;
		}
		dc->nout = (size_t)(op - dc->out);
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && !eof && inleft < sizeof dc->carry) {
			memcpy(dc->carry, in, inleft);
			dc->ncarry = inleft;
			break;
		}
		/* EILSEQ, or unfinished at the end: U+FFFD, skip a unit. */
		hold = errno == EILSEQ && inleft > dc->unit ? dc->unit : inleft;
		if (errno != EILSEQ)
			hold = inleft;
		dec_reserve(dc, 3);
		memcpy(dc->out + dc->nout, fffd, 3);
		dc->nout += 3;
		dc->invalid += hold;
		in += hold;
		inleft -= hold;
	}
}
