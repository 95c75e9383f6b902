/* doc_int.h: what the files of the doc module share (not part of the API;
 * include/doc.h is). The data model is described at the top of doc.c.
 *   doc.c         opening (storage, encoding, profile, threads), freeing,
 *                 the twin, the queries
 *   doc_store.c   raw reads and the repair, the block cache, views, byte
 *                 and terminator access, doc_pread
 *   doc_decode.c  encoding detection and the decoder to UTF-8
 *   doc_line.c    the paragraph profile, fence state and one line's type
 *   doc_para.c    joins, cuts and the paragraph at an offset
 *   doc_scan.c    the background scan, the reader thread, the spool,
 *                 checkpoints and the fingerprint
 */
#ifndef JUAN_DOC_INT_H
#define JUAN_DOC_INT_H

#include <sys/stat.h>

#include <iconv.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "block.h"
#include "doc.h"

#define CTX		3		/* repair context on each side */
#define HEAD		(64 * 1024)	/* bytes that decide encoding and profile */
#define NBLOCKS		16
#define CHUNK		(1024 * 1024)	/* scan and decode step */
#define CP		(16 * 1024)	/* line checkpoint spacing */
#define CP_PAGE		4096		/* checkpoints per allocation */
#define VIEW_MAX	(DOC_PARA_MAX + 64)
#define STEP		(DOC_PARA_MAX - 4096)	/* virtual paragraph grid */
#define LONG		DOC_PARA_MAX	/* a longer line is "huge" */
#define FENCE_BUCKET	(64 * 1024)	/* fence state looks back 1-2 buckets */
#define NFENCE		4
#define UNK		SIZE_MAX

/* Paragraph structure. Every width that decides structure (the profile,
 * the join rules) is line_cells(): the outline's count (CJK 2 cells, every
 * other character 1, from the bytes alone), never the terminal's width, so
 * that paragraphs do not depend on the ambiguous-width policy or the screen
 * (SECTIONS.md §3), and no width tables are needed before the first screen.
 * A line too long to be a hard-wrapped row counts as STRUCT_HUGE. */
#define STRUCT_HUGE	INT32_MAX

enum { DOC_FILE, DOC_SPOOL, DOC_MEM };
enum { MODE_LINE, MODE_BLANK, MODE_WRAP, MODE_MD };

/* A line's kind is block.h's, or LT_HEAD: plain text that is a heading (the
 * outline's, or a chapter line before the outline is published), a
 * paragraph of its own. */
#define LT_HEAD		BLOCK_KINDS

struct doc_block {
	size_t		 idx;
	size_t		 len;
	unsigned long	 use;
	char		*data;		/* bs + 2 * CTX bytes (block_get) */
	char		*text;		/* the block's text, inside data */
};

/* The lines among those that start in [bucket - 1, bucket + 1) *
 * FENCE_BUCKET that the fence state (block.h) makes BLOCK_FENCE, or
 * BLOCK_CODE when it enters or leaves a block there; the lines between
 * are inside when the event before them left the state inside. */
struct fence_ev {
	size_t		 pos;
	unsigned char	 kind;
	unsigned char	 inside;
};
struct fences {
	size_t		 bucket;
	struct fence_ev	*ev;
	size_t		 n;
	size_t		 end;		/* text length it saw (a spool grows) */
	unsigned long	 use;
	int		 valid;
};

/* Decoder: raw input to clean UTF-8 in out. cd == (iconv_t)-1 for UTF-8. */
struct dec {
	iconv_t		 cd;
	size_t		 unit;		/* bytes skipped after an invalid sequence */
	char		 carry[8];
	size_t		 ncarry;
	char		*work;
	size_t		 workcap;
	char		*out;
	size_t		 nout, outcap;
	size_t		 invalid;
};

/* Scan state: the line being fed and what has been counted. */
struct scan {
	size_t		 off;		/* text offset of the next byte */
	size_t		 line_off;	/* start of the current line */
	char		*carry;		/* its bytes from earlier chunks */
	size_t		 ncarry, carrycap;
	int		 cr;		/* the last byte was a '\r' terminator */
	size_t		 lines;		/* terminators so far */
	size_t		 ncp;
};

struct doc {
	char		*name;
	char		 enc[32];
	struct doc_opts	 opts;		/* as opened (headings copied), for a
					   reload */
	int		 storage;
	int		 repair;	/* reads go through raw_fill() */
	int		 valid;		/* a twin of a file the scan found
					   valid UTF-8 throughout: raw_fill()
					   repairs nothing till it changes */
	int		 twin;		/* doc_twin(): fd and mem are the
					   original's, which outlives it */
	struct doc	*origin;	/* a twin's original */
	int		 twins;		/* twins alive: they may read an
					   outline a reload replaced */
	struct outline	**retired;	/* those outlines, freed with the
					   last twin */
	size_t		 nretired;
	int		 fd;		/* FILE: the file; SPOOL: the source */
	int		 spool_fd;
	int		 src_regular;
	size_t		 src_off;
	int		 src_cap;	/* max_spool applies */
	int		 spool_stop;	/* the head already hit an error */
	size_t		 max_spool;
	char		*head;		/* SPOOL: raw bytes read at open */
	size_t		 head_len;
	int		 head_eof;
	const char	*iconv_from;	/* NULL: UTF-8 */
	size_t		 unit;
	char		*mem;
	size_t		 mem_len;
	size_t		 len;		/* FILE, MEM */
	size_t		 start;
	struct stat	 st0;

	int		 mode;
	int		 notation;	/* the head holds Aozora notation */
	int		 wrap_w;

	size_t		 bs;
	size_t		 chunk;
	struct doc_block	 blocks[NBLOCKS];
	struct doc_block	*last;		/* the one block_get gave last */
	struct {
		int	 valid;
		size_t	 k, off, lines;	/* lines before off, which is past
					   checkpoint k (lineno_at) */
	}			 ln;
	unsigned long	 tick;
	char		*tmp;		/* bs + 2 * CTX, for block fills */
	char		*viewbuf;
	char		*textbuf;
	unsigned char	*stylebuf;	/* doc_para_text_styled(), made on first use */
	struct fences	 fences[NFENCE];

	pthread_t	 thr;
	int		 thr_started;
	int		 scan_deferred;	/* defer_scan, not started yet */
	pthread_t	 fp_thr;	/* computes a file's fingerprint */
	int		 fp_started;	/* fp_thr runs, not joined yet */
	atomic_int	 fp_claimed;	/* whoever sets it computes it */
	int		 scanned;	/* the scan has run or been joined */
	struct outline	*outline;	/* the scan's until published */
	struct scan	 scan;
	struct dec	 dec;
	size_t		**cp;		/* pages of CP_PAGE checkpoints */
	size_t		 cp_cap;	/* checkpoints the pages may hold */
	char		*error;
	char		 fp[17];

	_Atomic size_t	 spool_len;
	_Atomic size_t	 cp_n;
	_Atomic size_t	 done, total;
	_Atomic size_t	 invalid;
	atomic_int	 len_final;
	atomic_int	 scan_done;
	atomic_int	 cancel;
	atomic_int	 changed;
	atomic_int	 fp_ready;
	_Atomic(struct outline *) outline_pub;
};

struct line {
	size_t	start, end, next;	/* UNK when not found (huge lines) */
	int	huge;
	struct block_line b;	/* offsets from start; a huge line is text */
	int	indent;
	int	width;		/* line_cells(), plain text only */
	int	opens;		/* plain text: begins with an opening quote */
	int	hang;		/* plain text: indent cells, negative when
				   U+3000 is in it */
	int	closes;		/* plain text: ends a sentence or a quote */
};

/* Line terminators: '\n', '\r' and "\r\n" each end a line. */
static inline int
doc_is_term(int c)
{
	return c == '\n' || c == '\r';
}

/* doc.c */
char	*doc_cause_new(const char *name, const char *reason);

/* doc_store.c */
size_t	 doc_pread_full(int fd, char *buf, size_t n, size_t off, int *err);
void	 doc_cache_drop(struct doc *);
ssize_t	 doc_read_some(struct doc *, int fd, char *buf, size_t n);
void	 doc_file_check(struct doc *);
size_t	 doc_raw_fill(struct doc *, size_t off, size_t n, char *tmp,
	    const char **text, size_t *nbad);
size_t	 doc_raw_read(struct doc *, size_t off, size_t n, char *out, char *tmp);
size_t	 doc_find_term(const char *s, size_t n);
int	 doc_byte_at(struct doc *, size_t off);
size_t	 doc_term_fwd(struct doc *, size_t from, size_t to);
size_t	 doc_term_back(struct doc *, size_t from, size_t to);
size_t	 doc_after_term(struct doc *, size_t t);

/* doc_decode.c */
const char *doc_detect_encoding(const char *h, size_t n, int whole, size_t *bom);
int	 doc_forced_encoding(const char *name, const char **from, char *label,
	    size_t size);
size_t	 doc_unit_of(const char *from);
void	 doc_dec_init(struct dec *, const char *from, size_t unit);
void	 doc_dec_release(struct dec *);
void	 doc_dec_input(struct dec *, const char *data, size_t n, int eof);

/* doc_line.c */
void	 doc_profile(struct doc *, const char *t, size_t n, int whole,
	    int markdown);
void	 doc_line_get(struct doc *, size_t pos, size_t lo, struct line *);

/* doc_scan.c */
void	 doc_spool_head(struct doc *);
void	 doc_fingerprint_start(struct doc *, const struct doc_opts *);
void	 doc_fingerprint_join(struct doc *, int need);
void	 doc_scan_thread(struct doc *);
void	 doc_scan_stop(struct doc *);

#endif
