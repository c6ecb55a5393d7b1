r"""Where the sweep kernel runs: the NumPy, JAX and Dask backends, chunk by chunk.

Every backend evaluates the same function, :func:`endodec.model.kernel.game_kernel` (the single
implementation of the model, seed 000 §3.2-3.5 / seed 001 §3.2-3.5), between the backend-neutral
:func:`~endodec.sweep.points._prepare` and :func:`~endodec.sweep.points._finish`; backends only
change *where* it runs:

``"numpy"`` (default)
    In this process, chunk by chunk (no optional dependency).
``"jax"``
    ``jax.numpy`` with ``jax_enable_x64`` switched on (set process-wide when the backend is first
    used); runs on a GPU when JAX sees one. The whole chunk -- points, validation, S, kernel,
    Proposition 1 status and (``reduce="summary"``) its statistics -- is one compiled function
    (:mod:`endodec.sweep.fused`); on CPU it loops over blocks of :data:`JAX_CPU_BLOCK` points
    (cache-sized: several times faster than one large block), on a GPU a chunk is one block. Chunks are
    padded so one compilation serves the sweep.
``"dask"``
    ``dask.distributed``: a ``LocalCluster`` (``n_workers`` processes, one thread each) by default,
    or the existing cluster at ``scheduler`` (an address like ``"tcp://10.0.0.5:8786"`` or a
    ``distributed.Client``), so the same sweep scales out without code changes. Each task builds its
    own chunk of the grid from a flat index range (the grid is scattered once; nothing of size
    ``M`` is shipped) and returns either the chunk's columns or only its summary statistics.
    At most ``2 n_workers + 2`` chunks are in flight, so memory stays bounded.

Each backend is a runner ``run(src, bounds, convention, mode, consume, *, info, ...)``
(:data:`RUNNERS`) that evaluates the chunks ``[i, j)`` of ``bounds`` with :func:`_task` and hands
each result to ``consume(result, n_points)`` in order; :func:`endodec.sweep.engine.sweep` owns the
loop's source, sinks and statistics.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from endodec.errors import ParameterError
from endodec.model import kernel
from endodec.sweep.grid import DEFAULTS, PARAMS, Grid
from endodec.sweep.points import (
    _SAFE,
    _finish,
    _kernel_request,
    _prepare,
    _resolve_convention,
    resolve_outputs,
)
from endodec.sweep.stats import chunk_stats, merge_stats

__all__ = ["BACKENDS", "DEFAULT_CHUNK", "JAX_CPU_BLOCK", "NUMPY_BLOCK", "RUNNERS", "evaluate",
           "run_dask", "run_jax", "run_numpy"]

#: Default points per chunk by backend (numpy computes in blocks of NUMPY_BLOCK points inside a
#: chunk; jax/dask: large chunks amortise dispatch / task overhead).
DEFAULT_CHUNK = {"numpy": 65536, "jax": 262144, "dask": 262144}

#: numpy evaluates a chunk in sub-blocks of this many points: the kernel's temporaries (64 KiB
#: each) then stay in cache and below glibc's 128 KiB mmap threshold. Dask workers set
#: MALLOC_TRIM_THRESHOLD_, which freezes that threshold, and with 128 KiB temporaries every
#: allocation became an mmap + page faults (4x slower kernel in the workers, measured).
NUMPY_BLOCK = 8192


#: jax on CPU evaluates a chunk in blocks of this many points, in a loop inside the chunk's
#: compiled function (:mod:`endodec.sweep.fused`): the working set of the kernel and of the
#: statistics then stays in cache. Measured on the 2-core VM (one core, M = 1e7, summary): the
#: fused sweep runs fastest at 8192 points per block (16384: ~3% slower, 32768: ~6%); the kernel
#: alone (one jitted call per block) peaks at 32768 (1.1e7-1.2e7 points/s; 3.0e6 at 262144, out
#: of cache). On a GPU one block takes the whole chunk.
JAX_CPU_BLOCK = 8192


# ---------------------------------------------------------------------------------------------
# the kernel on one block: numpy, or jitted jax
# ---------------------------------------------------------------------------------------------
def _kernel_numpy(args, outputs=kernel.KERNEL_OUTPUTS):
    with np.errstate(all="ignore"):  # over/underflow is detected (code 4), not warned about
        return kernel.game_kernel(*args, xp=np, outputs=outputs)


_JAX_FN = None


def _import_jax():
    """``jax``, or the missing-extra error (a ParameterError naming ``backend="jax"``)."""
    try:
        import jax
    except ImportError:  # the optional dependency (tests monkeypatch the import to fail)
        raise ParameterError("backend", "jax", "installed: pip install 'endodec[jax]' "
                             "(or jax[cuda12] for a GPU)") from None
    return jax


def _jax_kernel():
    """The jit-compiled kernel (float64 enabled process-wide on first use)."""
    global _JAX_FN
    if _JAX_FN is None:
        jax = _import_jax()
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp

        _JAX_FN = jax.jit(lambda N, a, b, r, S, x0: kernel.game_kernel(N, a, b, r, S, x0, xp=jnp))
    return _JAX_FN


def _launch_jax(args, pad_to: int | None = None):
    """Dispatch the jitted kernel on one block (asynchronously: JAX returns before it finishes)."""
    f = _jax_kernel()
    n = len(args[0])
    if pad_to and n < pad_to:  # pad with a valid point so one compiled shape serves every chunk
        safe = tuple(_SAFE[k] for k in ("N", "a", "b", "r")) + (1.0, 1.0)  # (.., S, x0)
        args = tuple(np.concatenate([a, np.full(pad_to - n, s)]) for a, s in zip(args, safe, strict=True))
    return f(*args), n


def _collect_jax(launched) -> dict[str, np.ndarray]:
    out, n = launched
    return {k: np.asarray(v)[:n] for k, v in out.items()}


def _kernel_jax(args, pad_to: int | None = None):
    return _collect_jax(_launch_jax(args, pad_to))


def _jax_block() -> int | None:
    """Points per jitted call: :data:`JAX_CPU_BLOCK` on CPU, the whole chunk on an accelerator."""
    jax = _import_jax()
    return JAX_CPU_BLOCK if jax.default_backend() == "cpu" else None


def _start(params: dict[str, np.ndarray], convention: str | None = None,
          backend: str = "numpy", pad_to: int | None = None, outputs=kernel.KERNEL_OUTPUTS):
    """First half of :func:`evaluate`: validate, compute S and run (numpy) or dispatch (jax)."""
    convention = _resolve_convention(convention, params)
    args, reason, S = _prepare(params, convention)
    kout = _launch_jax(args, pad_to) if backend == "jax" else _kernel_numpy(
        args, _kernel_request(outputs))
    return params, reason, S, args[5], kout, backend, outputs


def _complete(state) -> dict[str, np.ndarray]:
    """Second half of :func:`evaluate`: wait for the kernel, mask, classify Proposition 1."""
    params, reason, S, x0, kout, backend, outputs = state
    if backend == "jax":
        kout = _collect_jax(kout)
    cols = {k: np.asarray(v) for k, v in params.items()}
    if "S" not in params:
        cols["S"] = S if not reason.any() else np.where(reason == 0, S, np.nan)
    cols.update(_finish(kout, reason, x0, outputs))
    return cols


def evaluate(params: dict[str, np.ndarray], convention: str | None = None,
             backend: str = "numpy", pad_to: int | None = None,
             outputs=None) -> dict[str, np.ndarray]:
    """Evaluate one chunk of points (dict of equal-length 1-D parameter arrays).

    Returns the parameter columns (plus ``S``), :data:`OUTPUTS` (or those of ``outputs``, see
    :func:`~endodec.sweep.points.resolve_outputs`), and int8 ``code``, ``reason`` (index into
    :data:`REASONS`), ``prop1`` (index into :data:`PROP1_STATUS`).
    """
    return _complete(_start(params, convention, backend, pad_to, resolve_outputs(outputs)))


# ---------------------------------------------------------------------------------------------
# one chunk (the work unit of every backend)
# ---------------------------------------------------------------------------------------------
def _source_chunk(src, start: int, stop: int) -> dict[str, np.ndarray]:
    if isinstance(src, Grid):
        return src.chunk(start, stop)
    df = src.iloc[start:stop]
    d = {k: df[k].to_numpy(dtype=float) for k in df.columns if k in PARAMS}
    n = len(df)
    for k, v in DEFAULTS.items():
        d.setdefault(k, np.full(n, v))
    return d


def _extra(src, start: int, stop: int) -> dict[str, np.ndarray]:
    if isinstance(src, Grid):
        return {}
    df = src.iloc[start:stop]
    return {k: df[k].to_numpy() for k in df.columns if k not in PARAMS}


def _task(src, lo: int, hi: int, convention: str, mode: str,
          outputs=kernel.KERNEL_OUTPUTS):
    """Work unit of the numpy and dask backends: build, evaluate and (optionally) reduce one
    chunk, in blocks of :data:`NUMPY_BLOCK` points (``outputs``: resolved kernel names)."""
    stats, parts = None, []
    for i in range(lo, hi, NUMPY_BLOCK):
        cols = _complete(_start(_source_chunk(src, i, min(i + NUMPY_BLOCK, hi)), convention,
                                outputs=outputs))
        if mode == "summary":
            stats = merge_stats(stats, chunk_stats(cols))
        else:
            parts.append(cols)
    if mode == "summary":
        return stats
    cols = parts[0] if len(parts) == 1 else {k: np.concatenate([p[k] for p in parts])
                                             for k in parts[0]}
    cols.update(_extra(src, lo, hi))
    return cols



# ---------------------------------------------------------------------------------------------
# runners
# ---------------------------------------------------------------------------------------------
def run_numpy(src, bounds, convention: str, mode: str, consume, *, info: dict,
              outputs=kernel.KERNEL_OUTPUTS, **_) -> None:
    """Evaluate the chunks ``bounds`` of ``src`` in this process with NumPy, in order.

    Parameters
    ----------
    src : Grid or DataFrame
        The points (a grid, or samples).
    bounds : list of (int, int)
        Flat index ranges ``[i, j)`` of the chunks.
    convention : str
        Continuation-value convention (resolved).
    mode : {"points", "summary"}
        Return each chunk's columns, or only its :func:`~endodec.sweep.stats.chunk_stats`.
    consume : callable
        Called as ``consume(result, j - i)`` for each chunk, in order.
    info : dict
        Backend facts recorded in ``SweepResult.info`` (none for numpy).
    outputs : tuple of str
        The kernel outputs wanted (:func:`~endodec.sweep.points.resolve_outputs`).
    """
    for i, j in bounds:
        consume(_task(src, i, j, convention, mode, outputs), j - i)


def run_jax(src, bounds, convention: str, mode: str, consume, *, info: dict,
            outputs=kernel.KERNEL_OUTPUTS, **_) -> None:
    """As :func:`run_numpy`, each chunk in one compiled JAX function
    (:func:`endodec.sweep.fused.run_fused`)."""
    from endodec.sweep.fused import run_fused

    run_fused(src, bounds, convention, mode, consume, info=info, outputs=outputs)


def run_dask(src, bounds, convention: str, mode: str, consume, *, info: dict, scheduler=None,
             n_workers: int = 2, processes: bool = True,
             outputs=kernel.KERNEL_OUTPUTS) -> None:
    """As :func:`run_numpy`, one ``dask.distributed`` task per chunk.

    A grid is scattered once and each task builds its own chunk from its index range; samples
    ship only their chunk's rows. At most ``2 x workers + 2`` chunks are in flight. ``info``
    receives ``dask_workers``. ``scheduler``: an address or a ``distributed.Client`` (default: a
    ``LocalCluster`` of ``n_workers`` single-threaded workers, processes unless ``processes`` is
    False, closed at the end).
    """
    client, owned = _dask_client(scheduler, n_workers, processes)
    try:
        info["dask_workers"] = len(client.scheduler_info().get("workers", {}))
        remote_src = client.scatter(src, broadcast=True) if isinstance(src, Grid) else None
        window = 2 * max(info["dask_workers"], 1) + 2
        pending: deque = deque()
        for (i, j) in bounds:
            s = remote_src if remote_src is not None else src.iloc[i:j].reset_index(drop=True)
            a, b = (i, j) if remote_src is not None else (0, j - i)
            pending.append((client.submit(_task, s, a, b, convention, mode, outputs, pure=False),
                            j - i))
            if len(pending) >= window:
                fut, n = pending.popleft()
                consume(fut.result(), n)
        while pending:
            fut, n = pending.popleft()
            consume(fut.result(), n)
    finally:
        if owned is not None:
            client.close()
            for c in owned:
                c.close()


def _dask_client(scheduler, n_workers: int, processes: bool):
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - optional dependency
        raise ParameterError("backend", "dask", "installed: pip install 'endodec[dask]'") from None
    if scheduler is None:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=processes,
                               dashboard_address=None)
        return Client(cluster), [cluster]
    if isinstance(scheduler, str):
        try:
            c = Client(scheduler, timeout="10s")
        except ValueError as e:  # a malformed address
            raise ParameterError("scheduler", scheduler, "a Dask scheduler address such as "
                                 "tcp://HOST:8786", str(e)) from None
        except (OSError, TimeoutError) as e:
            raise ParameterError("scheduler", scheduler, "the address of a running Dask "
                                 "scheduler", f"cannot connect: {e}") from None
        return c, []
    return scheduler, None  # a Client the caller owns


#: The runner of each backend.
RUNNERS = {"numpy": run_numpy, "jax": run_jax, "dask": run_dask}
#: Backends accepted by :func:`endodec.sweep.engine.sweep`.
BACKENDS = tuple(RUNNERS)
