#ifndef PARTNERDASH_CNCURSES_SHIM_H
#define PARTNERDASH_CNCURSES_SHIM_H
// SwiftPM drops pkg-config's -D flags, so the wide API must be switched on here.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <string.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Everything below wraps what Swift cannot import: function-like macros, macro
// constants built from expressions, C globals (errors under strict concurrency)
// and async-signal-safe code that must not run Swift.

// glibc declares it only under _XOPEN_SOURCE, which SwiftPM does not pass.
extern int wcwidth(wchar_t c);

static inline attr_t pd_a_normal(void) { return A_NORMAL; }
static inline attr_t pd_a_bold(void) { return A_BOLD; }
static inline attr_t pd_a_reverse(void) { return A_REVERSE; }
static inline attr_t pd_a_underline(void) { return A_UNDERLINE; }
static inline attr_t pd_a_dim(void) { return A_DIM; }
static inline attr_t pd_color_pair(int n) { return COLOR_PAIR(n); }

static inline WINDOW *pd_stdscr(void) { return stdscr; }
static inline int pd_lines(void) { return LINES; }
static inline int pd_cols(void) { return COLS; }
static inline void pd_getmaxyx(WINDOW *w, int *rows, int *cols) { getmaxyx(w, *rows, *cols); }
static inline int pd_key_f(int n) { return KEY_F(n); }

static inline const cchar_t *pd_wacs_hline(void) { return WACS_HLINE; }
static inline const cchar_t *pd_wacs_vline(void) { return WACS_VLINE; }
static inline const cchar_t *pd_wacs_ulcorner(void) { return WACS_ULCORNER; }
static inline const cchar_t *pd_wacs_urcorner(void) { return WACS_URCORNER; }
static inline const cchar_t *pd_wacs_llcorner(void) { return WACS_LLCORNER; }
static inline const cchar_t *pd_wacs_lrcorner(void) { return WACS_LRCORNER; }
static inline const cchar_t *pd_wacs_ltee(void) { return WACS_LTEE; }
static inline const cchar_t *pd_wacs_rtee(void) { return WACS_RTEE; }
static inline const cchar_t *pd_wacs_ttee(void) { return WACS_TTEE; }
static inline const cchar_t *pd_wacs_btee(void) { return WACS_BTEE; }
static inline const cchar_t *pd_wacs_plus(void) { return WACS_PLUS; }
static inline int pd_box_set(WINDOW *w, const cchar_t *v, const cchar_t *h) { return box_set(w, v, h); }

static inline SCREEN *pd_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }
static inline int pd_flush_stdout(void) { return fflush(stdout); }

static inline int pd_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

// tigetstr answers (char *)-1 for "not a string capability", NULL for "absent".
static inline int pd_has_string_capability(const char *name) {
    const char *s = tigetstr(name);
    return s != NULL && s != (const char *)-1;
}

// --- Signals -----------------------------------------------------------------
// Quit signals only record themselves and wake the event loop through a pipe;
// the main path then calls endwin. Crash signals cannot return to Swift, so they
// restore the tty from a saved termios and precomputed reset bytes (both
// async-signal-safe) and re-raise to keep the default core/exit status.

static volatile sig_atomic_t pd_pending_signal = 0;
static int pd_signal_wake_fd = -1;
static int pd_saved_termios_valid = 0;
static size_t pd_reset_length = 0;

// Every static here has an initializer: Swift's importer never emits C
// "tentative definitions" (a static without one), and the link then fails.
enum { pd_reset_capacity = 128 };
static struct termios pd_saved_termios_storage = { 0 };
static char pd_reset_storage[pd_reset_capacity] = { 0 };

static void pd_on_quit_signal(int sig) {
    pd_pending_signal = sig;
    if (pd_signal_wake_fd >= 0) {
        char byte = (char)sig;
        ssize_t ignored = write(pd_signal_wake_fd, &byte, 1);
        (void)ignored;
    }
}

static void pd_on_crash_signal(int sig) {
    if (pd_saved_termios_valid) tcsetattr(STDIN_FILENO, TCSANOW, &pd_saved_termios_storage);
    if (pd_reset_length > 0) {
        ssize_t ignored = write(STDOUT_FILENO, pd_reset_storage, pd_reset_length);
        (void)ignored;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void pd_append_reset_bytes(const char *s) {
    size_t n = strlen(s);
    if (pd_reset_length + n >= pd_reset_capacity) return;
    memcpy(pd_reset_storage + pd_reset_length, s, n);
    pd_reset_length += n;
}

static inline void pd_append_reset(const char *capability) {
    const char *s = tigetstr(capability);
    if (s == NULL || s == (const char *)-1) return;
    pd_append_reset_bytes(s);
}

// Bracketed paste off (BracketedPaste.disable): a shell must not get paste markers.
static const char pd_bracketed_paste_off[] = "\033[?2004l";

// Call before newterm: ncurses installs its own SIGINT/SIGTERM handlers (which
// exit without our cleanup) only where it finds SIG_DFL.
static inline int pd_install_quit_handlers(int wake_fd) {
    pd_signal_wake_fd = wake_fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = pd_on_quit_signal;
    sigemptyset(&action.sa_mask);
    int signals[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        if (sigaction(signals[i], &action, NULL) != 0) return -1;
    }
    return 0;
}

// Call after newterm, while the terminal is still in its original mode for the
// termios and with the terminfo entry loaded for the reset strings.
static inline void pd_install_crash_handlers(void) {
    pd_saved_termios_valid = tcgetattr(STDIN_FILENO, &pd_saved_termios_storage) == 0;
    pd_reset_length = 0;
    pd_append_reset("sgr0");
    pd_append_reset("cnorm");
    pd_append_reset("rmkx");
    pd_append_reset("rmcup");
    pd_append_reset_bytes(pd_bracketed_paste_off);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = pd_on_crash_signal;
    sigemptyset(&action.sa_mask);
    int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        sigaction(signals[i], &action, NULL);
    }
}

static inline int pd_take_pending_signal(void) {
    int sig = pd_pending_signal;
    pd_pending_signal = 0;
    return sig;
}

// Only when the program left without stop(), which restores all of this itself.
static void pd_restore_at_exit(void) {
    if (isendwin()) return;
    endwin();
    fflush(stdout);
    ssize_t ignored = write(STDOUT_FILENO, pd_bracketed_paste_off, sizeof pd_bracketed_paste_off - 1);
    (void)ignored;
}

static inline int pd_register_atexit_restore(void) { return atexit(pd_restore_at_exit); }

#endif
