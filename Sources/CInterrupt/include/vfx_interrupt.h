// The process-wide cancel flag of long operations, and the SIGINT watch that sets it.
// In C because a signal handler may only touch lock-free atomics and async-signal-safe
// calls (Swift globals are lazily initialized, which is not safe in a handler).
#ifndef VFX_INTERRUPT_H
#define VFX_INTERRUPT_H

#ifdef __cplusplus
extern "C" {
#endif

/// 1 once a cancel was requested (Ctrl-C during a watched operation), else 0.
int vfx_cancel_requested(void);
/// Requests cancellation (what the SIGINT watch does; also for tests and hosts).
void vfx_cancel_request(void);
/// Clears the request.
void vfx_cancel_reset(void);

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
