/* doc: the document store. It owns the text and presents it as one immutable
 * sequence of bytes, offsets 0 .. doc_len(), whatever the file's encoding and
 * however little of it is in memory. Everyone else holds byte offsets.
 *
 * - UTF-8 files (the common case) are read in place with pread() through a
 *   bounded block cache: doc offsets are file offsets; invalid bytes appear
 *   as USTR_SUB (see ustr.h). No mmap, no whole-file copy.
 * - stdin, pipes, devices, and files in another encoding (UTF-16/32 with a
 *   BOM, GB18030/GBK, Big5, or --encoding) are decoded into a private,
 *   unlinked spool file by the background scan; doc_len() grows as it fills.
 * - A background scan (its own thread, no curses) reads the whole text once,
 *   counts lines, builds the outline (outline.h) and reports progress.
 *
 * Threads: doc_pread() is safe from any thread; every other function is for
 * the thread that called doc_open(). Views returned by doc_view() and
 * doc_para_text() are valid until the next call on the same doc.
 *
 * Decisions callers see:
 * - A UTF-8 BOM stays in the text at 0..3 (offsets stay file offsets); the
 *   first paragraph and the first line fed to the outline start after it.
 *   UTF-16/32 BOMs are dropped by the decoder.
 * - doc_open() on a pipe/FIFO/device reads until 64 KiB, EOF, or a 100 ms
 *   pause after the first bytes (a FIFO: until a writer comes; opts.wait
 *   is asked meanwhile whether to give up), publishes
 *   that at once, and spools the rest in the background under max_spool
 *   (default 1 GiB). Going over it ends the text there and sets doc_error();
 *   doc_scan_progress() reports total 0 while a pipe's size is unknown.
 * - A regular UTF-8 file keeps the length it had at open until
 *   doc_refresh() takes up a change. Until then bytes that vanish (the file
 *   shrank) read as '\n', so they hold no paragraph; the scan indexes
 *   nothing past the real end; doc_changed() becomes 1. Growth, deletion
 *   and rewrites are reported the same way.
 * - Paragraph modes, chosen from the first 64 KiB: Markdown, hard-wrapped,
 *   blank-line separated, else one paragraph per line (web pastes).
 *   doc_is_hardwrapped() is 1 for every mode that re-joins lines.
 * - Markdown, in block.h's grammar (the outline's too): fence lines and the
 *   lines around front matter belong to no paragraph (like blank lines);
 *   every line inside a fence or front matter, and every line of an HTML
 *   comment, is its own DOC_PARA_CODE paragraph, an empty one (len 0) for
 *   an empty line. A setext underline makes a heading of one text line
 *   only; an ATX line without a title ("#") is a text paragraph of its own.
 *   List levels and quote depths start at 1. Fence state looks back 64-128
 *   KiB, so a fence open longer than that is missed. Indented code blocks
 *   are plain text.
 * - Unmarked headings (the outline's) are single-line paragraphs of kind
 *   DOC_PARA_HEADING once the outline is published (in Markdown they only
 *   change the kind): lay out again then.
 * - A line longer than DOC_PARA_MAX is plain text whatever its markup.
 */
#ifndef JUAN_DOC_H
#define JUAN_DOC_H

#include <stddef.h>
#include <stdint.h>

struct doc;
struct outline;

/* Longest paragraph before it is cut into virtual paragraphs at safe break
 * points; also the longest view. Keeps every per-key cost bounded. */
#define DOC_PARA_MAX	(64 * 1024)

struct doc_opts {
	const char	*encoding;	/* NULL: detect; else "utf-8", "gb18030"
					   (also "gbk", "gb2312"), "big5",
					   "utf-16le", "utf-16be", "utf-32le", ... */
	const char	*headings;	/* NULL: detect; "none"; else POSIX ERE */
	int		 markdown;	/* -1 detect (name, content), 0 no, 1 yes */
	size_t		 max_spool;	/* cap for stdin/pipe/device input, 0 = default */
	int		 no_scan;	/* tests: no background thread; the scan
					   runs inside doc_scan_wait() */
	int		 defer_scan;	/* the thread starts at doc_scan_start()
					   (the pager: once the first screen is
					   out), not in doc_open(), unless the
					   first 64 KiB read hold the whole text */
	size_t		 block_size;	/* tests: cache block and scan chunk size
					   (>= 16), 0 = default (64 KiB, 1 MiB) */
	/* Called about every 50 ms while doc_open() waits for the first
	 * bytes of a pipe, FIFO or device (the pager: says so, and reads
	 * q); nonzero stops the wait: doc_open() returns NULL with *cause
	 * NULL. NULL: wait as long as it takes. */
	int		(*wait)(void *arg);
	void		*wait_arg;
};

/* Open path ("-" or NULL: stdin) for reading; reads only what the first
 * screen needs and starts the background scan. Returns NULL and sets *cause
 * (caller frees; the name in it is sanitised) when it cannot be opened, is a
 * directory, an unknown --encoding, a bad --headings regex, or input over
 * max_spool; NULL with *cause NULL when opts.wait said to stop waiting. */
struct doc	*doc_open(const char *path, const struct doc_opts *, char **cause);
/* Same, from bytes in memory (tests, fuzzers): the doc keeps its own copy. */
struct doc	*doc_open_mem(const char *data, size_t len, const char *name,
		    const struct doc_opts *, char **cause);
/* Starts the background scan of a doc opened with defer_scan (else does
 * nothing). Until then the doc works as with a scan that has not begun. */
void		 doc_scan_start(struct doc *);
void		 doc_free(struct doc *);
/* A second handle on d's text as it is now (its length, final for the
 * twin), for another thread: it has its own cache, and its paragraphs are
 * d's, decided by the same functions with the outline d has published now
 * (doc_outline). Every function works on it, from the one thread that uses
 * it; there is no scan and doc_para.lineno is 0. Free it before d. */
struct doc	*doc_twin(struct doc *d);

const char	*doc_name(const struct doc *);		/* path as given, or "stdin" */
const char	*doc_encoding(const struct doc *);	/* "UTF-8", "GB18030", ... */
int		 doc_is_markdown(const struct doc *);
int		 doc_is_hardwrapped(const struct doc *);	/* lines re-joined */
/* 1 when doc_para_text() may hide markup between two characters (Markdown,
 * or Aozora notation in the first 64 KiB), so a match may span hidden bytes. */
int		 doc_hides_markup(const struct doc *);

/* Bytes of text available now; grows while a spool fills. */
size_t		 doc_len(struct doc *);
/* 1 when doc_len() is final (scan finished, or a regular UTF-8 file). */
int		 doc_len_final(struct doc *);

/* Copy text [off, off + n) into buf; returns bytes copied (short only at the
 * end). Invalid bytes come out as USTR_SUB. Thread-safe, no cache. */
size_t		 doc_pread(struct doc *, size_t off, char *buf, size_t n);
/* The same bytes as stored, before repair: an invalid sequence comes out as
 * it is, not as USTR_SUB. Repair only ever turns bytes into USTR_SUB, so a
 * valid sequence found here is in the text at the same offset; for
 * prefilters that confirm what they find through doc_para_text(). Skips the
 * UTF-8 check that doc_pread() pays for. Thread-safe. */
size_t		 doc_pread_raw(struct doc *, size_t off, char *buf, size_t n);
/* Borrow text [off, off + n), n <= DOC_PARA_MAX + 64, through the cache;
 * *got is the length available (short only at the end). */
const char	*doc_view(struct doc *, size_t off, size_t n, size_t *got);

/* Paragraphs, decided locally (no index is needed; see doc.c). */
enum doc_para_kind {
	DOC_PARA_TEXT,
	DOC_PARA_HEADING,	/* level in .level */
	DOC_PARA_CODE,		/* one source line of a fenced/indented block */
	DOC_PARA_LIST,		/* a list item; nesting in .level */
	DOC_PARA_QUOTE,		/* a block quote line group; depth in .level */
	DOC_PARA_IMAGE,		/* ![alt](url): alt in [body_off, body_off + body_len) */
	DOC_PARA_RULE,		/* a thematic break (---, * * *) */
};
struct doc_para {
	size_t	off;		/* first byte of the paragraph */
	size_t	len;		/* bytes up to its last line's terminator (excluded) */
	size_t	body_off;	/* what is drawn: after markup such as "## ", "> ", "- " */
	size_t	body_len;
	int	kind;		/* enum doc_para_kind */
	int	level;
	int	cont;		/* 1: a virtual paragraph continuing a longer one
				   (no indent, no spacing before it) */
	int	more;		/* 1: cut short; a virtual paragraph (cont)
				   continuing it follows */
	size_t	lineno;		/* 1-based source line of .off, 0 if not yet known */
};
/* The paragraph that contains off, or the next one when off is in blank lines
 * between paragraphs. Returns 0, or -1 when there is none (off at the end). */
int		 doc_para_at(struct doc *, size_t off, struct doc_para *);
/* The 1-based line of the file that holds off (lines end at LF, CRLF or a
 * lone CR), once the scan has passed it; else 0. */
size_t		 doc_lineno(struct doc *, size_t off);
/* The paragraph after / before p. Returns 0, or -1 at the end / start. */
int		 doc_para_next(struct doc *, const struct doc_para *p, struct doc_para *next);
int		 doc_para_prev(struct doc *, const struct doc_para *p, struct doc_para *prev);
/* The body of p, [p->body_off, + p->body_len), with every line terminator
 * inside it rewritten, byte for byte, to ' ' (a join between Latin words) or
 * '\n' (a zero-width join between CJK characters, or after a trailing space),
 * so offsets stay doc offsets; inline markup readers never want to see
 * (markup.h: ruby brackets, Markdown emphasis, link targets) is rewritten to
 * '\n' joins the same way. Borrowed like doc_view(). */
const char	*doc_para_text(struct doc *, const struct doc_para *p);
/* doc_para_text(), and in *style the markup_style bits (markup.h) of each
 * of its bytes, or NULL when it has no styled markup; borrowed alike. */
const char	*doc_para_text_styled(struct doc *, const struct doc_para *p,
		    const unsigned char **style);
/* The same with inline markup hidden for matching (markup.h: MARKUP_SEARCH):
 * what search folds, so a match never depends on how the markup is shown. */
const char	*doc_para_search_text(struct doc *, const struct doc_para *p);

/* Background scan. */
void		 doc_scan_progress(struct doc *, size_t *done, size_t *total);
int		 doc_scan_done(struct doc *);
/* Block until the scan has finished (for --toc, --dump, tests). */
void		 doc_scan_wait(struct doc *);
/* The outline, or NULL until the scan has finished. Owned by doc. */
const struct outline *doc_outline(struct doc *);

/* Content fingerprint (hex, 16 digits): a hash of the length and of the first
 * and last 64 KiB of the text, so renaming keeps it and it costs two reads.
 * For a file it is computed on a thread from doc_open on, and this waits for
 * it (call it from one thread); NULL until the length is final (a pipe). */
const char	*doc_fingerprint(struct doc *);
/* The same if it is known already, else NULL at once (any thread). */
const char	*doc_fingerprint_ready(struct doc *);

/* The file as it is now (one fstat; a regular UTF-8 file only, else
 * DOC_SAME). A file that shrank, or was rewritten in place (same size, new
 * mtime), is reloaded at once: its length becomes the file's, the caches
 * are dropped, and profile, outline, fingerprint and scan start over as at
 * doc_open() (the outline is NULL until the new scan ends; a scan still
 * deferred stays so). A file that grew is reloaded only with at_end (the
 * reader goes to or past the end), so that growth costs nothing until it
 * is wanted. Offsets held from before may lie past the new end. Call it
 * from the doc's thread while no other thread reads the doc itself (twins
 * are safe: they keep their length and outline). */
enum { DOC_SAME, DOC_TRUNCATED, DOC_RELOADED };
int		 doc_refresh(struct doc *, int at_end);

/* Problems to tell the reader once: bytes repaired, file changed on disk. */
size_t		 doc_invalid_bytes(struct doc *);
int		 doc_changed(struct doc *);	/* shrank, grew or vanished while open */
/* Why the spool stopped early ("NAME: input too large (over 1024 MiB)",
 * "NAME: Input/output error"), or NULL. Pipes and devices are spooled in the
 * background, so an input over max_spool is found there: the text keeps what
 * fit, the length becomes final, and the caller decides (main exits 1). */
const char	*doc_error(struct doc *);

#endif
