"""The ``vfxrun batch`` command: arguments, local worker processes, progress and the
report (the protocol with the workers is in the package docstring)."""

import os
import sys
import time

from _vfxrun_batch.dask_tasks import run_dask
from _vfxrun_batch.frames import FrameSpecError, chunk, parse_chunk, parse_frames
from _vfxrun_batch.worker import INTERRUPTED

# A frame this quick (seconds) gets the next ones queued behind it, hiding the round trip
# through the driver: as many as take about this long together (at least one, at most
# MOST_QUEUED), so a worker holds at most one short frame's worth of queued work at the
# end of the batch. Longer frames are handed out one at a time for an even finish.
SHORT_FRAME = 0.05
MOST_QUEUED = 32


class BatchStopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP reached the batch driver (a farm manager, ``timeout``, a closed
    terminal): the batch stops as it does for Ctrl-C, and exits with 128 + the signal."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _describe_end(status: int) -> str:
    """How a worker process ended, from ``Popen.wait()``: "was killed by SIGSEGV" for a
    signal (a negative status), "exited with status 3" otherwise."""
    import signal

    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        return f"was killed by {name}"
    return f"exited with status {status}"


class Reporter:
    """Progress, per-frame lines and failures on stderr; the summary at the end."""

    def __init__(self, total: int, label: str):
        from vfxpy._progress import Progress

        self.bar = Progress(total, label=label, unit="frames", lines=False)
        self.plain = not self.bar.tty
        self.results = {}
        self.failures = {}
        self.timed_out = []  # frames stopped by --frame-timeout (then run once more)
        self.start = time.monotonic()

    def frame(self, answer: dict) -> None:
        frame = answer["frame"]
        if answer["ok"]:
            self.results[frame] = answer.get("result")
            self.bar.advance()
            if self.plain:
                self.bar.message(f"frame {frame} done in {answer['seconds']:.2f} s [{self.bar.status()}]")
        else:
            self.failures[frame] = answer["error"]
            self.bar.advance(failed=1)
            self.bar.message(f"frame {frame} FAILED:\n{answer['error'].rstrip()}")

    def summary(self, total: int, interrupted: bool = False) -> None:
        self.bar.close()
        elapsed = time.monotonic() - self.start
        done = len(self.results)
        rate = (done + len(self.failures)) / elapsed if elapsed > 0 else 0.0
        not_run = total - done - len(self.failures)
        head = "batch interrupted" if interrupted else "batch finished"
        text = f"{head}: {done} of {total} frames done, {len(self.failures)} failed"
        if not_run:
            text += f", {not_run} not run"
        text += f" in {elapsed:.1f} s ({rate:.1f} frames/s)"
        if self.failures:
            text += "\nfailed frames: " + ",".join(str(f) for f in sorted(self.failures))
        print(text, file=sys.stderr, flush=True)

    def write_report(self, path: str, frames: list, interrupted: bool) -> None:
        import json

        report = {"frames": frames, "results": {str(k): v for k, v in sorted(self.results.items())},
                  "failed": {str(k): v for k, v in sorted(self.failures.items())},
                  "timed_out": sorted(self.timed_out), "interrupted": interrupted}
        tmp = f"{path}.tmp{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as file:
            json.dump(report, file, indent=1)
        os.replace(tmp, path)


class LocalWorker:
    """One ``vfxrun -m _vfxrun_batch --worker`` process and its answer pipe."""

    def __init__(self, index: int, job: dict, threads: int, gpu: bool = True):
        import json
        import subprocess

        read_fd, write_fd = os.pipe()
        env = dict(os.environ, VFXRUN_BATCH_FD=str(write_fd), VFXRUN_BATCH_PARENT=str(os.getpid()))
        env.setdefault("VFXPY_THREADS", str(threads))
        if not gpu:
            # Processor() on auto runs on the CPU here; backend="vulkan" still gets the GPU.
            env.setdefault("VFXPY_DEVICE", "cpu")
        command = [sys.executable]
        import _vfxrun_host

        if not _vfxrun_host.startup_scripts_enabled:
            command.append("--no-init")
        command += ["-m", "_vfxrun_batch", "--worker"]
        self.index = index
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, pass_fds=(write_fd,), env=env,
                                        text=True, bufsize=1)
        os.close(write_fd)
        self.fd = read_fd
        self.buffer = b""
        self.in_flight = []  # frames sent and not answered yet, oldest first
        self.started = None  # when the running frame began (time.monotonic()), if one runs
        self.last_seconds = None  # how long its last frame took
        self.ready = False
        self.process.stdin.write(json.dumps(dict(job, worker=index)) + "\n")
        self.process.stdin.flush()

    def send(self, frame: int) -> bool:
        """Hands the worker a frame; False when it is gone (its end is seen on the pipe)."""
        try:
            self.process.stdin.write('{"frame": %d}\n' % frame)
            self.process.stdin.flush()
        except OSError:
            return False
        if not self.in_flight:
            self.started = time.monotonic()
        self.in_flight.append(frame)
        return True

    def answered(self, frame: int, seconds) -> None:
        """Notes the worker's answer for ``frame``; a frame queued behind it starts now."""
        if frame in self.in_flight:
            self.in_flight.remove(frame)
        self.last_seconds = seconds
        self.started = time.monotonic() if self.in_flight else None

    def wants_frame(self, queue_ahead: bool) -> bool:
        """Whether to hand the worker another frame now: when it has none, or, for short
        frames and ``queue_ahead``, some queued behind the one it runs (SHORT_FRAME), so it
        never waits for the driver between them and the driver reads several answers per
        wake-up. Long frames are not queued: a queued frame could wait while another worker
        sits idle at the end of the batch. --fail-fast queues nothing: a frame queued behind
        a failing one would start before the driver could stop it."""
        if not self.ready:
            return False
        if not self.in_flight:
            return True
        if not (queue_ahead and self.last_seconds is not None and self.last_seconds < SHORT_FRAME):
            return False
        queued = min(MOST_QUEUED, max(1, int(SHORT_FRAME / max(self.last_seconds, 1e-6))))
        return len(self.in_flight) <= queued

    def messages(self):
        """Reads what is available; returns the complete JSON messages and whether the
        pipe closed."""
        import json

        data = os.read(self.fd, 65536)
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        return [json.loads(line) for line in lines if line.strip()], not data

    def finish(self) -> None:
        """Closes the frame stream (the worker exits when done)."""
        try:
            self.process.stdin.close()
        except OSError:
            pass

    def stop(self) -> list:
        """Interrupts the worker (a running frame gets KeyboardInterrupt), kills it if it
        does not end within two seconds, and returns the answers it sent but the driver
        had not read yet (frames that did finish)."""
        import signal
        import subprocess

        self.finish()
        if self.process.poll() is None:
            try:
                self.process.send_signal(signal.SIGINT)
                self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        answers = []
        if self.fd >= 0:
            try:
                while True:  # the worker is gone: read to the end of the pipe
                    messages, closed = self.messages()
                    answers += [m for m in messages if "frame" in m and "ok" in m]
                    if closed:
                        break
            except (OSError, ValueError):
                pass
        self.close()
        return answers

    def close(self) -> None:
        self.finish()
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def run_local(script: str, frames: list, args: list, jobs: int, fail_fast: bool, reporter: Reporter,
              gpu_jobs: int = 1, frame_timeout=None) -> bool:
    """Runs the frames on ``jobs`` local workers; returns False when stopped early
    (fail-fast or a script that cannot load). Workers from index ``gpu_jobs`` on have
    ``VFXPY_DEVICE=cpu`` (unless it is set): each worker that uses the GPU opens its own
    Vulkan context on the one card, and sixteen of them on an H200 ran slower than one.

    A frame that runs past ``frame_timeout`` seconds has its worker stopped (SIGINT, then
    SIGKILL after two seconds), is reported, and runs once more on a fresh worker; a
    second timeout fails it. Frames are then handed out one at a time, so that a frame's
    clock starts when it does."""
    import selectors
    import signal
    from collections import deque

    job = {"script": os.path.abspath(script), "args": args, "frame_count": len(frames)}
    pending = deque(frames)
    jobs = max(1, min(jobs, len(frames)))
    threads = max(1, (os.cpu_count() or 1) // jobs)
    workers = [LocalWorker(index, job, threads, gpu=index < gpu_jobs) for index in range(jobs)]
    selector = selectors.DefaultSelector()
    for worker in workers:
        selector.register(worker.fd, selectors.EVENT_READ, worker)
    retried = set()

    def replace(worker):
        replacement = LocalWorker(worker.index, job, threads, gpu=worker.index < gpu_jobs)
        workers[worker.index] = replacement
        selector.register(replacement.fd, selectors.EVENT_READ, replacement)

    def stop_timed_out(worker) -> bool:
        """Stops ``worker`` whose frame ran too long; False when the batch must end."""
        selector.unregister(worker.fd)
        running, *queued = worker.in_flight
        worker.in_flight = []
        worker.started = None
        for answer in worker.stop():  # it may have finished just now
            reporter.frame(answer)
            if answer["frame"] == running:
                running = None
        pending.extendleft(reversed(queued))
        if running is not None:
            if running in retried:
                reporter.frame({"frame": running, "ok": False, "seconds": frame_timeout,
                                "error": f"timed out after {frame_timeout:g} s, twice (--frame-timeout)\n"})
                if fail_fast:
                    return False
            else:
                retried.add(running)
                reporter.timed_out.append(running)
                reporter.bar.message(f"frame {running} timed out after {frame_timeout:g} s: its worker was "
                                     "stopped and the frame runs once more")
                pending.appendleft(running)
        if pending:
            replace(worker)
        return True

    try:
        while selector.get_map():
            wait = None
            if frame_timeout is not None:
                starts = [w.started for w in workers if w.started is not None and w.fd >= 0]
                if starts:
                    wait = max(0.0, min(starts) + frame_timeout - time.monotonic())
            for worker in list(workers):
                if (frame_timeout is not None and worker.started is not None and worker.fd >= 0
                        and time.monotonic() - worker.started > frame_timeout):
                    if not stop_timed_out(worker):
                        return False
            for key, _ in selector.select(wait):
                worker = key.data
                messages, closed = worker.messages()
                for message in messages:
                    if "setup_error" in message:
                        reporter.bar.message(f"vfxrun batch: {script} cannot run:\n{message['setup_error'].rstrip()}")
                        return False
                    if "frame" in message:
                        worker.answered(message["frame"], message.get("seconds"))
                        reporter.frame(message)
                        if fail_fast and not message["ok"]:
                            return False
                    worker.ready = True
                if closed:
                    selector.unregister(worker.fd)
                    status = worker.process.wait()
                    if status in (INTERRUPTED, -signal.SIGINT):
                        raise KeyboardInterrupt  # Ctrl-C reached the worker first
                    if worker.in_flight:
                        running, *queued = worker.in_flight
                        pending.extendleft(reversed(queued))  # never started: they run elsewhere
                        worker.in_flight = []
                        reporter.frame({"frame": running, "ok": False, "seconds": 0.0,
                                        "error": f"the worker process {_describe_end(status)} "
                                                 "while running this frame\n"})
                        if fail_fast:
                            return False
                    elif status != 0 and not worker.ready:
                        reporter.bar.message(f"vfxrun batch: a worker could not start (it {_describe_end(status)})")
                        return False
                    if pending:  # replace a worker that died with frames left
                        replace(worker)
                    worker.close()
                    continue
                while pending and worker.wants_frame(queue_ahead=not fail_fast and frame_timeout is None):
                    frame = pending.popleft()
                    if not worker.send(frame):
                        pending.appendleft(frame)
                        break
                if not pending and worker.ready and not worker.in_flight:
                    worker.finish()
        return True
    finally:
        for worker in workers:
            for answer in worker.stop():  # frames finished while the batch was stopping
                reporter.frame(answer)
        selector.close()


def _arguments(argv):
    import argparse

    script_args = []
    if "--" in argv:
        split = argv.index("--")
        argv, script_args = argv[:split], argv[split + 1:]
    parser = argparse.ArgumentParser(
        prog="vfxrun batch",
        description="Runs process(frame, context) of a script over frames, in parallel worker processes.",
        epilog="Example: vfxrun batch grade.py --frames 1001-1100 --jobs 8 -- --exposure 0.5")
    parser.add_argument("script", help="the batch script (defines process(frame, context))")
    parser.add_argument("--frames", required=True, metavar="SPEC",
                        help="frames: 1001-1100, 1001-1100x2 (every 2nd), 1,3,5-9")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes (default: the number of cores)")
    parser.add_argument("--gpu-jobs", type=int, default=None, metavar="N",
                        help="how many workers may use the GPU with Processor() on auto; the others "
                             "run on the CPU (default: $VFXRUN_BATCH_GPU_JOBS, else 1)")
    parser.add_argument("--chunk", metavar="K/M",
                        help="run only the K-th (1-based) of M contiguous slices of the frames (farm fan-out)")
    parser.add_argument("--fail-fast", action="store_true", help="stop at the first failing frame")
    parser.add_argument("--frame-timeout", type=float, default=None, metavar="SECONDS",
                        help="stop a frame that runs longer, report it and run it once more; "
                             "a second timeout fails it (local workers only)")
    parser.add_argument("--dask", metavar="ADDRESS", help="run the frames on a Dask scheduler (tcp://host:8786)")
    parser.add_argument("--report", metavar="FILE", help="write results and failures as JSON to FILE")
    args = parser.parse_args(argv)
    args.script_args = script_args
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.frame_timeout is not None and not args.frame_timeout > 0:
        parser.error("--frame-timeout must be a number of seconds above 0")
    if args.frame_timeout is not None and args.dask:
        parser.error("--frame-timeout applies to local workers; Dask has its own timeouts")
    if args.gpu_jobs is None:
        variable = os.environ.get("VFXRUN_BATCH_GPU_JOBS", "1")
        try:
            args.gpu_jobs = int(variable)
        except ValueError:
            parser.error(f"VFXRUN_BATCH_GPU_JOBS must be a whole number, not {variable!r}")
    if args.gpu_jobs < 0:
        parser.error("--gpu-jobs must be at least 0")
    try:
        args.frame_list = parse_frames(args.frames)
        if args.chunk:
            args.frame_list = chunk(args.frame_list, *parse_chunk(args.chunk))
    except FrameSpecError as error:
        parser.error(str(error))
    if not os.path.isfile(args.script):
        parser.error(f"no script {args.script}")
    return args


def main(argv=None) -> int:
    """The ``vfxrun batch`` command; returns the exit status."""
    import signal

    args = _arguments(sys.argv[1:] if argv is None else argv)
    frames = args.frame_list

    def stop(signum, frame):
        raise BatchStopped(signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    reporter = Reporter(len(frames), label=os.path.basename(args.script))
    interrupted = False
    status = INTERRUPTED
    completed = True
    try:
        if frames:
            if args.dask:
                completed = run_dask(args.dask, args.script, frames, args.script_args, args.fail_fast, reporter)
            else:
                completed = run_local(args.script, frames, args.script_args, args.jobs, args.fail_fast, reporter,
                                      gpu_jobs=args.gpu_jobs, frame_timeout=args.frame_timeout)
    except BatchStopped as stopped:
        interrupted = True
        status = 128 + stopped.signum
    except KeyboardInterrupt:
        interrupted = True
    reporter.summary(len(frames), interrupted=interrupted)
    if args.report:
        reporter.write_report(args.report, frames, interrupted)
    if interrupted:
        return status
    if reporter.failures or not completed:
        return 1
    return 0
