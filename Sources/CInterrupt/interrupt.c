#define _GNU_SOURCE
#include "vfx_interrupt.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static atomic_int cancel_requested;
static struct sigaction previous;
static int watching;

struct vfx_cancel_token {
    atomic_int cancelled;
};

// The token of the task this thread works for (NULL: none), set by whoever runs the task.
static _Thread_local vfx_cancel_token *current_token;

int vfx_cancel_requested(void) {
    if (atomic_load_explicit(&cancel_requested, memory_order_relaxed)) return 1;
    vfx_cancel_token *token = current_token;
    return token && atomic_load_explicit(&token->cancelled, memory_order_relaxed);
}
void vfx_cancel_request(void) { atomic_store_explicit(&cancel_requested, 1, memory_order_relaxed); }
void vfx_cancel_reset(void) { atomic_store_explicit(&cancel_requested, 0, memory_order_relaxed); }

vfx_cancel_token *vfx_cancel_token_create(void) {
    vfx_cancel_token *token = malloc(sizeof *token);
    if (token) atomic_init(&token->cancelled, 0);
    return token;
}

void vfx_cancel_token_destroy(vfx_cancel_token *token) { free(token); }

void vfx_cancel_token_cancel(vfx_cancel_token *token) {
    if (token) atomic_store_explicit(&token->cancelled, 1, memory_order_relaxed);
}

int vfx_cancel_token_is_cancelled(const vfx_cancel_token *token) {
    return token ? atomic_load_explicit(&((vfx_cancel_token *)token)->cancelled, memory_order_relaxed) : 0;
}

vfx_cancel_token *vfx_cancel_token_current(void) { return current_token; }

vfx_cancel_token *vfx_cancel_token_adopt(vfx_cancel_token *token) {
    vfx_cancel_token *previous_token = current_token;
    current_token = token;
    return previous_token;
}

void *vfx_cancel_token_current_opaque(void) { return current_token; }

void *vfx_cancel_token_adopt_opaque(void *token) { return vfx_cancel_token_adopt(token); }

static void on_sigint(int signal_number, siginfo_t *info, void *context) {
    atomic_store_explicit(&cancel_requested, 1, memory_order_relaxed);
    if (previous.sa_flags & SA_SIGINFO) {
        if (previous.sa_sigaction) previous.sa_sigaction(signal_number, info, context);
    } else if (previous.sa_handler != SIG_IGN && previous.sa_handler != SIG_DFL && previous.sa_handler) {
        previous.sa_handler(signal_number);
    }
}

static int is_main_thread(void) { return syscall(SYS_gettid) == getpid(); }

int vfx_sigint_watch_begin(void) {
    if (watching || !is_main_thread()) return 0;
    struct sigaction current;
    if (sigaction(SIGINT, NULL, &current) != 0) return 0;
    int has_function = (current.sa_flags & SA_SIGINFO) ? current.sa_sigaction != NULL
        : (current.sa_handler != SIG_IGN && current.sa_handler != SIG_DFL);
    if (!has_function) return 0;
    previous = current;
    struct sigaction watch;
    memset(&watch, 0, sizeof watch);
    watch.sa_sigaction = on_sigint;
    watch.sa_flags = SA_SIGINFO | SA_ONSTACK | (current.sa_flags & SA_RESTART);
    sigemptyset(&watch.sa_mask);
    vfx_cancel_reset();
    if (sigaction(SIGINT, &watch, NULL) != 0) return 0;
    watching = 1;
    return 1;
}

void vfx_sigint_watch_end(void) {
    if (!watching) return;
    struct sigaction current;
    if (sigaction(SIGINT, NULL, &current) == 0 && (current.sa_flags & SA_SIGINFO) && current.sa_sigaction == on_sigint) {
        sigaction(SIGINT, &previous, NULL);
    }
    watching = 0;
    vfx_cancel_reset();
}
