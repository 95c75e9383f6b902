/* ui_shelf: the shelf screen (shelf.h decides, ui_draw.c paints): its key
 * loop, the filter prompt, the question before bookmarks go, and saving
 * what was removed when it closes. */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keymap.h"
#include "marks.h"
#include "shelf.h"
#include "ui.h"
#include "util.h"
#include "view.h"

void
ui_shelf_open(struct ui *ui)
{
	struct shelf_opts	so = *ui->o->shelf;
	int			rows, cols;

	so.now = time(NULL);
	ui->shelf = shelf_new(ui->marks, &so);
	getmaxyx(stdscr, rows, cols);
	shelf_resize(ui->shelf, rows, cols);
	if (ui->note[0] != '\0') {
		shelf_message(ui->shelf, "%s", ui->note);
		ui->note[0] = '\0';
	}
	ui_draw(ui, VIEW_DRAW | VIEW_CLEAR);
}

void
ui_shelf_close(struct ui *ui)
{
	struct shelf	*sh = ui->shelf;

	if (sh == NULL)
		return;
	ui->shelf = NULL;
	if (shelf_commit(sh, ui->marks) > 0)
		ui_save_now(ui);
	shelf_free(sh);
}

/* The question before a document's bookmarks go: the next key answers. */
static int
confirm(struct ui *ui)
{
	int	key;

	ui_draw(ui, VIEW_DRAW);
	do
		key = ui_read_key(ui);
	while (key < 0 && !ui_signalled());
	return shelf_confirm(ui->shelf, key);
}

/* What the shelf's flags ask for: LOOP_* to end the loop, else -1. */
static int
act(struct ui *ui, int flags)
{
	const struct shelf_row	*r;

	if (flags & SHELF_FILTER)
		ui_prompt_filter(ui);
	if (flags & SHELF_CONFIRM)
		flags = confirm(ui);
	if (flags & SHELF_QUIT)
		return LOOP_QUIT;
	if (flags & SHELF_CLOSE)
		return ui->v != NULL ? LOOP_BACK : LOOP_QUIT;
	if ((flags & SHELF_OPEN) && (r = shelf_selected(ui->shelf)) != NULL) {
		ui->open_path = xstrdup(r->path);
		return LOOP_OPEN;
	}
	ui_draw(ui, VIEW_DRAW | (flags & SHELF_CLEAR ? VIEW_CLEAR : 0));
	return -1;
}

int
ui_shelf_loop(struct ui *ui)
{
	int	key, y, m, r;

	for (;;) {
		if (ui_quitting())
			return LOOP_QUIT;
		key = ui_read_key(ui);
		if (key == K_RESIZE) {
			ui->resize_pending = 1;
			continue;
		}
		if (ui->resize_pending)
			ui_resize(ui);
		if (key < 0)
			continue;
		if (key == K_MOUSE) {
			/* A press selects or opens; its release is the
			 * same click. */
			m = ui_mouse(&y);
			r = act(ui, m == UI_CLICK ? shelf_click(ui->shelf, y) :
			    m != 0 && m != UI_RELEASE ? shelf_wheel(ui->shelf, m) :
			    0);
		} else
			r = act(ui, shelf_apply(ui->shelf,
			    keymap_lookup_mode(KEYMAP_SHELF, key)));
		if (r >= 0)
			return r;
	}
}
