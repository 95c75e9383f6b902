/* fuzz_outline: arbitrary bytes, repaired like doc repairs them, split into
 * lines (CR stripped) and fed to the outline; the first byte picks the
 * options. Checks the section table's invariants (outline.c's header). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "outline.h"
#include "ustr.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outline_opts		 opts = { 0 };
	struct outline			*o;
	const struct outline_section	*s, *p = NULL;
	char				*text, *nl;
	size_t				 s0 = 0, end, l, i;

	if (size == 0)
		return 0;
	opts.markdown = (data[0] & 3) == 3 ? -1 : data[0] & 1;
	if (data[0] & 4)
		opts.none = 1;
	if ((data[0] & 0x18) == 0x18)
		opts.regex = "^(第|CHAPTER|#)";
	text = malloc(size);
	if (text == NULL)
		abort();
	memcpy(text, data + 1, size - 1);
	size--;
	ustr_repair(text, size);
	if ((o = outline_new(&opts, NULL)) == NULL)
		abort();
	while (s0 < size) {
		nl = memchr(text + s0, '\n', size - s0);
		end = nl != NULL ? (size_t)(nl - text) : size;
		l = end - s0;
		if (l > 0 && text[s0 + l - 1] == '\r')
			l--;
		outline_feed(o, s0, text + s0, l);
		s0 = nl != NULL ? end + 1 : size;
	}
	outline_finish(o, size);
	if (opts.none && outline_count(o) != 0)
		abort();
	for (i = 0; i < outline_count(o); i++) {
		s = outline_get(o, i);
		if (s == NULL || s->title == NULL || s->family == NULL ||
		    s->level < 1 || s->level > 6 || s->off >= size ||
		    s->off + s->len > size || s->end > size || s->end <= s->off ||
		    s->lineno < 1 || s->minutes < 0)
			abort();
		if (p != NULL && (s->off <= p->off || s->lineno < p->lineno ||
		    p->end != s->off))
			abort();
		if (outline_at(o, s->off) != (ssize_t)i ||
		    outline_find_heading(o, s->off) != (ssize_t)i)
			abort();
		if (outline_minutes_left(o, s->off, 1, 0, 0) < 0)
			abort();
		p = s;
	}
	if (p != NULL && p->end != size)
		abort();
	outline_free(o);
	free(text);
	return 0;
}
