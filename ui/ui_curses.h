/* ui_curses.h: the one door to curses (STYLE.md 1; htop's
 * ProvideCurses.h). ncursesw, wide characters. */
#ifndef SPFSCOPE_UI_CURSES_H
#define SPFSCOPE_UI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <wchar.h>

#endif
