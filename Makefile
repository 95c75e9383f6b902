# juan — a terminal reader for long-form text. Plain GNU make.
#
#   make            build ./juan
#   make run        install what is missing, build, open the built-in article
#   make check      install what is missing, build, run every test (also under
#                   ASan + UBSan); the last line is "N passed, N failed"
#   make check-corpus  the tests on the third-party texts in CORPUS
#   make bench      benchmarks with same-run references and ratios
#   make fuzz       libFuzzer targets (clang), FUZZ_SECONDS each
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DATADIR	?= $(PREFIX)/share/juan

CC	?= cc
OPT	?= -O2 -g
WARN	= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS	?= $(OPT)
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 \
	-Iinclude -Ibuild -DJUAN_DATADIR='"$(DATADIR)"' -pthread
# libopencc is loaded when a display conversion is first asked for
# (src/convert.c), under its soname.
OPENCC_SONAME	:= $(shell objdump -p "$$(pkg-config --variable=libdir opencc)/libopencc.so" 2>/dev/null | sed -n 's/.*SONAME *//p')
ALL_CFLAGS += -DCONVERT_OPENCC_LIB='"$(or $(OPENCC_SONAME),libopencc.so.1.1)"'
NCURSES_CFLAGS = $(shell pkg-config --cflags ncursesw 2>/dev/null)
NCURSES_LIBS   = $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)
LOGIC_LIBS = -lpcre2-8 -lutf8proc -lunistring -lm -pthread
# ./juan carries its libraries (Debian's -dev packages ship the
# archives): the dynamic loader resolving their ~3,200 relocations at every
# start cost 0.35 ms of a 4 ms first screen. STATIC=0 links them shared.
STATIC	?= 1
ifeq ($(STATIC),1)
JUAN_LIBS = -Wl,-Bstatic $(NCURSES_LIBS) -lpcre2-8 -lutf8proc -lunistring -Wl,-Bdynamic -lm -pthread
else
JUAN_LIBS = $(NCURSES_LIBS) $(LOGIC_LIBS)
endif
CMOCKA_LIBS = -lcmocka

SAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all

# Debian packages the build, the tests and `make run` need.
DEB_PACKAGES = gcc make pkg-config libncurses-dev libunistring-dev libutf8proc-dev \
	opencc libopencc-dev libpcre2-dev libcmocka-dev tmux less python3 mandoc

# Logic modules: plain C, no curses. A module may span several files behind
# its one header: the Unicode layer (include/ustr.h; src/ustr_int.h inside),
# the document (include/doc.h; src/doc_int.h), the outline
# (include/outline.h; src/outline_int.h), the search (include/search.h;
# src/search_int.h), the marks (include/marks.h; include/marks_int.h for its
# two halves) and the view (include/view.h; src/view_int.h). The ui
# (src/ui*.c, src/ui_int.h) is the only curses code.
USTR	= ustr ustr_utf8 ustr_fold
OUTLINE	= outline outline_text outline_match outline_select outline_sec
DOC	= doc doc_store doc_decode doc_line doc_para doc_scan
SEARCH	= search search_filter search_rx search_count
MARKS	= marks_state marks_file marks
VIEW	= view view_list view_toc view_find view_help view_search view_marks view_pace
UI	= ui ui_probe ui_draw ui_prompt ui_shelf
LOGIC	= util $(USTR) markup block $(OUTLINE) $(DOC) convert layout $(SEARCH) pace $(MARKS) \
	shelf keymap status config theme $(VIEW)
LOGIC_SRC = $(wildcard $(LOGIC:%=src/%.c))
LOGIC_OBJ = $(LOGIC_SRC:src/%.c=build/%.o)
ASAN_LOGIC_OBJ = $(LOGIC_SRC:src/%.c=build/asan/%.o)


# Which logic objects each unit test links (so a module can be tested while
# another is being rewritten).
DEPS_util    = util
DEPS_ustr    = util $(USTR)
DEPS_markup  = util $(USTR) markup
DEPS_block   = util $(USTR) markup block $(OUTLINE) $(DOC)
DEPS_outline = util $(USTR) markup block $(OUTLINE)
DEPS_doc     = util $(USTR) markup block $(OUTLINE) $(DOC)
DEPS_layout  = util $(USTR) markup block $(OUTLINE) $(DOC) convert layout
DEPS_boundary = util $(USTR) markup block $(OUTLINE) $(DOC) convert layout
DEPS_convert = $(DEPS_layout)
DEPS_search  = util $(USTR) markup block $(OUTLINE) $(DOC) $(SEARCH)
DEPS_pace    = pace
DEPS_marks   = util $(USTR) pace $(MARKS)
DEPS_records = util $(USTR) pace $(MARKS)
DEPS_shelf   = util $(USTR) pace $(MARKS) shelf
DEPS_keymap  = util keymap
DEPS_status  = util $(USTR) status
DEPS_config  = util $(USTR) convert config
DEPS_theme   = theme
DEPS_view    = util $(USTR) markup block $(OUTLINE) $(DOC) convert layout $(SEARCH) pace $(MARKS) keymap status config $(VIEW)
DEPS_view_pace = $(DEPS_view)
DEPS_view_find = $(DEPS_view)
DEPS_main    = $(DEPS_view)

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=build/unit/%)
ASAN_UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=build/asan/unit/%)

.PHONY: all run check check-corpus deps unit e2e asan fuzz fuzz-replay bench \
	install clean check-layering lint-man

all: juan

juan: build/main.o $(UI:%=build/%.o) $(LOGIC_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(JUAN_LIBS)

build/juan-asan: build/asan/main.o $(UI:%=build/asan/%.o) $(ASAN_LOGIC_OBJ)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(NCURSES_LIBS) $(LOGIC_LIBS)

build/%.o: src/%.c $(wildcard include/*.h src/*.h) | build
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
$(UI:%=build/%.o): build/%.o: src/%.c $(wildcard include/*.h src/*.h) | build
	$(CC) $(ALL_CFLAGS) $(NCURSES_CFLAGS) -c -o $@ $<
build/asan/%.o: src/%.c $(wildcard include/*.h src/*.h) | build
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -c -o $@ $<
$(UI:%=build/asan/%.o): build/asan/%.o: src/%.c $(wildcard include/*.h src/*.h) | build
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(NCURSES_CFLAGS) -c -o $@ $<

build:
	@mkdir -p build/unit build/asan/unit build/fuzz

# ustr's BMP tables, computed here once from the installed utf8proc and
# libunistring by ustr.c's own table code (src/ustr-gen.c), so that no start
# of juan spends 0.6 ms of CPU building them.
build/gen/ustr.o: src/ustr.c src/ustr-tables.inc $(wildcard include/*.h src/*.h) | build
	@mkdir -p build/gen
	$(CC) $(ALL_CFLAGS) -DUSTR_GENERATOR -c -o $@ $<
build/ustr-gen: src/ustr-gen.c build/gen/ustr.o build/ustr_utf8.o build/util.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LOGIC_LIBS)
build/ustr-bmp.inc: build/ustr-gen
	./build/ustr-gen > $@.tmp && mv $@.tmp $@
build/ustr.o build/asan/ustr.o: build/ustr-bmp.inc src/ustr-tables.inc

# The script keys of ustr_fold (simplified, traditional and variant forms),
# from OpenCC's character dictionaries: opencc_dict dumps each as text, and
# ustr_fold.c's own generator code (src/ustr_fold-gen.c, on the built ustr)
# joins their pairs into classes, so no start of juan reads a dictionary.
# test_ustr checks the table against the same dumps.
OPENCC_DIR	= $(shell pkg-config --variable=prefix opencc 2>/dev/null || echo /usr)/share/opencc
OPENCC_VERSION	= $(shell pkg-config --modversion opencc 2>/dev/null)
FOLD_DICTS	= TSCharacters STCharacters TWVariants TWVariantsRev HKVariants \
	HKVariantsRev
FOLD_DUMPS	= $(FOLD_DICTS:%=build/opencc/%.txt)
build/opencc/%.txt: $(OPENCC_DIR)/%.ocd2 | build
	@mkdir -p build/opencc
	opencc_dict -i $< -o $@.tmp -f ocd2 -t text && mv $@.tmp $@
build/gen/ustr_fold.o: src/ustr_fold.c $(wildcard include/*.h src/*.h) | build
	@mkdir -p build/gen
	$(CC) $(ALL_CFLAGS) -DUSTR_FOLD_GENERATOR -c -o $@ $<
build/ustr_fold-gen: src/ustr_fold-gen.c build/gen/ustr_fold.o build/ustr.o build/ustr_utf8.o build/util.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LOGIC_LIBS)
build/ustr-fold.inc: build/ustr_fold-gen $(FOLD_DUMPS)
	./build/ustr_fold-gen "$(OPENCC_VERSION)" $(FOLD_DUMPS) > $@.tmp && mv $@.tmp $@
build/ustr_fold.o build/asan/ustr_fold.o: build/ustr-fold.inc
build/unit/test_ustr build/asan/unit/test_ustr: $(FOLD_DUMPS)

.SECONDEXPANSION:
build/unit/test_%: tests/unit/test_%.c $$(addprefix build/,$$(addsuffix .o,$$(DEPS_$$*))) $(wildcard tests/unit/*.h) | build
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(addprefix build/,$(addsuffix .o,$(DEPS_$*))) $(CMOCKA_LIBS) $(LOGIC_LIBS)
build/asan/unit/test_%: tests/unit/test_%.c $$(addprefix build/asan/,$$(addsuffix .o,$$(DEPS_$$*))) $(wildcard tests/unit/*.h) | build
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -Itests/unit -o $@ $< $(addprefix build/asan/,$(addsuffix .o,$(DEPS_$*))) $(CMOCKA_LIBS) $(LOGIC_LIBS)

# Fuzz targets replayed over their seeds under gcc + ASan (no clang needed).
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_REPLAY = $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%-replay)
build/fuzz/%-replay: tests/fuzz/%.c tests/fuzz/standalone.c $(ASAN_LOGIC_OBJ) | build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $< tests/fuzz/standalone.c $(ASAN_LOGIC_OBJ) $(LOGIC_LIBS)

FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	  else \
	    echo "missing packages; run as root:"; \
	    echo "  apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

run: deps
	@$(MAKE) --no-print-directory all
	./juan data/juan-guide.txt

unit: $(UNIT_BIN) $(ASAN_UNIT_BIN)
e2e: juan build/juan-asan
asan: build/juan-asan $(ASAN_UNIT_BIN)
fuzz-replay: $(FUZZ_REPLAY)

check: deps
	@$(MAKE) --no-print-directory all build/juan-asan $(UNIT_BIN) $(ASAN_UNIT_BIN) $(FUZZ_REPLAY)
	@sh tests/run.sh

# Tests on texts the project did not write (tests/corpus/t_*.sh); a clone
# has none of them beside it, so they are not part of make check.
CORPUS	?= ../shared/corpus
check-corpus: deps
	@$(MAKE) --no-print-directory all build/corpus_tool
	@CORPUS="$(CORPUS)" sh tests/corpus/run.sh

check-layering:
	@sh tests/check-layering.sh

lint-man:
	mandoc -Tlint -W warning man/juan.1

# The corpus checks' probe of the paragraph model and the layout.
build/corpus_tool: tests/corpus/corpus_tool.c $(LOGIC_OBJ) | build
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LOGIC_OBJ) $(LOGIC_LIBS)

BENCH_SRC = $(wildcard tests/bench/bench_*.c)
BENCH_BIN = $(BENCH_SRC:tests/bench/%.c=build/bench/%)
build/bench/%: tests/bench/%.c tests/bench/bench_util.h $(LOGIC_OBJ) | build
	@mkdir -p build/bench
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LOGIC_OBJ) $(LOGIC_LIBS)

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BIN)
	@bash tests/bench/bench.sh

install: juan
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	install -m 755 juan $(DESTDIR)$(BINDIR)/juan
	install -m 644 man/juan.1 $(DESTDIR)$(MANDIR)/man1/juan.1
	install -m 644 data/* $(DESTDIR)$(DATADIR)/

clean:
	rm -rf build juan
