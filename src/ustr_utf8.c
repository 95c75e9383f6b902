/* ustr_utf8: UTF-8 itself, behind include/ustr.h: decoding (strict, as
 * Unicode's "maximal subpart" practice says: each ill-formed subpart is one
 * USTR_BAD), stepping back, encoding, and repairing ill-formed bytes into
 * U+FFFD in place, a word at a time where the text is well-formed. No
 * tables: the rest of ustr (src/ustr.c) knows what a character is. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ustr.h"
#include "util.h"

size_t
ustr_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned	 c = p[0], lo = 0x80, hi = 0xBF;
	uint32_t	 v;
	size_t		 need, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2 || c > 0xF4) {
		*cp = USTR_BAD;
		return 1;
	}
	if (c < 0xE0) {
		need = 1;
		v = c & 0x1F;
	} else if (c < 0xF0) {
		need = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;		/* overlong */
		else if (c == 0xED)
			hi = 0x9F;		/* surrogates */
	} else {
		need = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;		/* overlong */
		else if (c == 0xF4)
			hi = 0x8F;		/* > U+10FFFF */
	}
	for (i = 1; i <= need; i++) {
		if (i >= n || p[i] < lo || p[i] > hi) {
			*cp = USTR_BAD;
			return i;
		}
		v = v << 6 | (p[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

size_t
ustr_prev(const char *s, size_t end)
{
	size_t		i = end - 1;
	uint32_t	cp;

	while (i > 0 && end - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	if (i + 1 < end && ustr_decode(s + i, end - i, &cp) != end - i)
		i = end - 1;
	return i;
}

size_t
ustr_clip(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ustr_next(s, n, max - 1) != max)
		max--;
	return max;
}

size_t
ustr_sync(const char *s, size_t n, size_t i)
{
	uint32_t	cp;
	size_t		k;

	while (i < n && (k = ustr_decode(s + i, n - i, &cp)) > 0 &&
	    cp == USTR_BAD)
		i += k;
	return i;
}

uint32_t
ustr_decode_before(const char *s, size_t end, size_t *start)
{
	uint32_t	cp;

	*start = ustr_prev(s, end);
	ustr_decode(s + *start, end - *start, &cp);
	return cp;
}

size_t
ustr_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Little-endian 64-bit load (compilers turn it into one load): byte k of
 * the text is lane k, bits 8k..8k+7. */
static inline uint64_t
le64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	    (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
	    (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

#define LANES(b)	(0x0101010101010101ULL * (b))

/* Length of a prefix of u[0..n) (u[0] starts a sequence) that is ASCII and
 * well-formed two- and three-byte sequences, checked eight bytes at a time:
 * each byte is a lane, and bit 7 of a lane in a mask says what the byte is.
 * A word is good when its continuation lanes are exactly those that its
 * leads, and the last leads of the word before, call for, and no lead is
 * one this test leaves to ustr_decode: four-byte leads and any F-byte, C0
 * and C1, E0 and ED (their second byte has a narrower range), and, to keep
 * the test short, E1 and CD. The prefix ends before the leads whose
 * sequence the last good word cuts. */
static size_t
good_prefix(const unsigned char *u, size_t n)
{
	uint64_t	w, v, lead = 0, l3 = 0, cont, plead, pl3;
	size_t		i;

	for (i = 0; n - i >= 8; i += 8) {
		plead = lead;
		pl3 = l3;
		w = le64(u + i);
		lead = w & w << 1 & LANES(0x80);		/* 11xxxxxx */
		cont = (w & LANES(0x80)) ^ lead;		/* 10xxxxxx */
		l3 = lead & w << 2;				/* 111xxxxx */
		/* A lane + 0x7E has bit 7 when it is >= 2, and so on. */
		v = w & LANES(0x1F);
		if ((lead & ~((v + LANES(0x7E)) & ~(v + LANES(0x70)) &
		    ((v ^ LANES(0x0D)) + LANES(0x7F)))) != 0 ||
		    cont != (lead << 8 | l3 << 16 | plead >> 56 | pl3 >> 48)) {
			lead = plead;
			l3 = pl3;
			break;
		}
	}
	/* Back to the start of a lead in lane 7, or a three-byte lead in 6. */
	return i - (lead >> 63) - (l3 >> 55 & 1) * 2;
}

#ifdef __SSE2__
/* Where the well-formed prefix of u[i..n) that good_prefix() checks ends,
 * sixteen bytes at a time with SSE2, E1 and CD taken too. u[i] starts a
 * sequence, so the first block is checked as if zeros came before it
 * (whatever does: ustr_count_invalid leaves ill-formed leads there); after
 * that, a block is good when its continuation lanes are exactly those that
 * the leads in it and in the two bytes before it call for, and none of its
 * leads is C0, C1, E0, ED or F0..FF. The prefix ends before the lead whose
 * sequence the last good block cuts. */
static size_t
good_prefix16(const unsigned char *u, size_t i, size_t n)
{
	const size_t		 start = i;
	const unsigned char	*p;
	unsigned char		 first[18];
	__m128i			 v, want, bad;

	for (; n - i >= 16; i += 16) {
		p = u + i;
		if (i == start) {
			memset(first, 0, 2);
			memcpy(first + 2, p, 16);
			p = first + 2;
		}
		v = _mm_loadu_si128((const __m128i *)p);
		want = _mm_or_si128(UTIL_IN_RANGE8(_mm_loadu_si128(
		    (const __m128i *)(p - 1)), 0xC0, 0xFF), UTIL_IN_RANGE8(
		    _mm_loadu_si128((const __m128i *)(p - 2)), 0xE0, 0xFF));
		bad = _mm_or_si128(_mm_or_si128(UTIL_IN_RANGE8(v, 0xC0, 0xC1),
		    UTIL_IN_RANGE8(v, 0xF0, 0xFF)), _mm_or_si128(
		    _mm_cmpeq_epi8(v, UTIL_SET8(0xE0)),
		    _mm_cmpeq_epi8(v, UTIL_SET8(0xED))));
		if (_mm_movemask_epi8(_mm_andnot_si128(bad, _mm_cmpeq_epi8(
		    _mm_cmplt_epi8(v, UTIL_SET8(0xC0)), want))) != 0xFFFF)
			break;
	}
	if (i > start && u[i - 1] >= 0xC0)
		return i - 1;
	if (i > start && u[i - 2] >= 0xE0)
		return i - 2;
	return i;
}
#endif

/* Runs good_prefix16() and good_prefix() passes (the first sixteen bytes at
 * a time, the second eight, for what is left of a run); ustr_decode
 * (through ustr_dec) everywhere else, for at least the eight bytes where
 * they stopped, so that its cost is shared by eight bytes however bad the
 * text. Returns the bytes of ill-formed sequences in s[0..n); with w (s
 * itself, or NULL to only count), each is replaced there by USTR_SUB. */
static size_t
repair_into(const char *s, size_t n, char *w)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, bad = 0, len, slow;
	uint32_t		 cp;

	while (i < n) {
#ifdef __SSE2__
		i = good_prefix16(u, i, n);
#endif
		i += good_prefix(u + i, n - i);
		for (slow = i + 8; i < n && i < slow; i += len) {
			len = ustr_dec(s + i, n - i, &cp);
			if (cp == USTR_BAD) {
				if (w != NULL)
					memset(w + i, USTR_SUB, len);
				bad += len;
			}
		}
	}
	return bad;
}

size_t
ustr_repair(char *s, size_t n)
{
	return repair_into(s, n, s);
}

size_t
ustr_count_invalid(const char *s, size_t n)
{
	return repair_into(s, n, NULL);
}
