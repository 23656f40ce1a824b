// The process-wide cancel flag of long operations, the SIGINT watch that sets it, and the
// per-task cancel tokens of async work. In C because a signal handler may only touch lock-free atomics and async-signal-safe
// calls (Swift globals are lazily initialized, which is not safe in a handler).
#ifndef VFX_INTERRUPT_H
#define VFX_INTERRUPT_H

#ifdef __cplusplus
extern "C" {
#endif

/// 1 once a cancel was requested (Ctrl-C during a watched operation), or once the token
/// this thread works for (vfx_cancel_token_adopt) was cancelled; else 0.
int vfx_cancel_requested(void);
/// Requests cancellation (what the SIGINT watch does; also for tests and hosts).
void vfx_cancel_request(void);
/// Clears the request.
void vfx_cancel_reset(void);

/// The cancel flag of one task (an async read, write or run): cancelling it stops the work
/// of the threads that adopted it, and of no other.
typedef struct vfx_cancel_token vfx_cancel_token;

/// A new token, not cancelled (NULL when out of memory).
vfx_cancel_token *vfx_cancel_token_create(void);
/// Frees a token; no thread may have it adopted any more.
void vfx_cancel_token_destroy(vfx_cancel_token *token);
/// Cancels the token (from any thread).
void vfx_cancel_token_cancel(vfx_cancel_token *token);
/// 1 once the token was cancelled, else 0.
int vfx_cancel_token_is_cancelled(const vfx_cancel_token *token);
/// The token this thread works for, or NULL.
vfx_cancel_token *vfx_cancel_token_current(void);
/// Makes `token` (or NULL: none) the one this thread works for; returns the previous one,
/// to put back when the work is done. Threads that share a task's work (parallel loops,
/// a codec's workers) adopt the token of the thread that started it.
vfx_cancel_token *vfx_cancel_token_adopt(vfx_cancel_token *token);
/// The same two as untyped pointers, for libraries that only get function pointers
/// (cexr_set_cancel_check).
void *vfx_cancel_token_current_opaque(void);
void *vfx_cancel_token_adopt_opaque(void *token);

/// On the main thread, when SIGINT has a handler function (Python's), clears the cancel
/// request and installs a handler that sets it and then calls the previous handler, so
/// Python's own signal flag is tripped as well. Returns 1 when installed (call
/// vfx_sigint_watch_end afterwards), 0 when nothing was done.
int vfx_sigint_watch_begin(void);
/// Puts the previous SIGINT handler back (unless someone replaced ours meanwhile) and
/// clears the cancel request.
void vfx_sigint_watch_end(void);

#ifdef __cplusplus
}
#endif

#endif
