"""Deterministic 2-D layout for graphs too big to lay out in the browser.

vis-network's physics stalls a browser from a few hundred to ~1,500 nodes, and
networkx's ``spring_layout`` takes ~45 s on 5,000 nodes / 20,000 edges (``forceatlas2``
~120 s; both measured on two shared cores). :func:`spring_positions` is a
Fruchterman-Reingold layout in numpy whose repulsion is split into a near field
(exact, between nodes sharing a grid cell) and a far field (each node against the
centres of mass of the other occupied cells), so one iteration costs about
``n * cells`` instead of ``n**2`` (see benchmarks/html_scale.py for timings).

The result depends only on the input order, the seed and the iteration count.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["spring_positions"]


def spring_positions(
    n_nodes: int,
    edges: Sequence[tuple[int, int]],
    *,
    seed: int = 0,
    iterations: int = 50,
    scale: float = 1000.0,
    gravity: float = 4.0,
) -> list[tuple[float, float]]:
    """Positions for nodes ``0 .. n_nodes - 1`` joined by ``edges`` (index pairs).

    Coordinates are centred on 0 and span about ``scale`` units, rounded to one decimal
    so output files are byte-stable.

    >>> pos = spring_positions(3, [(0, 1), (1, 2)], seed=1)
    >>> len(pos), pos == spring_positions(3, [(0, 1), (1, 2)], seed=1)
    (3, True)
    """
    import numpy as np

    if n_nodes == 0:
        return []
    rng = np.random.default_rng(seed)
    pos = rng.random((n_nodes, 2))
    if n_nodes == 1:
        return [(0.0, 0.0)]
    pairs = np.array([(a, b) for a, b in edges if a != b], dtype=np.int64).reshape(-1, 2)
    k = 1.0 / math.sqrt(n_nodes)
    k2 = k * k
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    side = max(1, int(math.sqrt(n_nodes / 12)))
    n_cells = side * side
    block = 1024
    for _ in range(iterations):
        disp = np.zeros((n_nodes, 2))
        # cells by rank, not by extent: a few far-out nodes must not pack the rest
        # into one cell (whose exact near field would then cost its size squared)
        rank = np.empty((n_nodes, 2), dtype=np.int64)
        for axis in (0, 1):
            rank[np.argsort(pos[:, axis], kind="stable"), axis] = np.arange(n_nodes)
        cxy = rank * side // n_nodes
        cell = cxy[:, 0] * side + cxy[:, 1]
        count = np.bincount(cell, minlength=n_cells).astype(float)
        occupied = np.nonzero(count)[0]
        weight = count[occupied]
        centre = np.stack(
            [
                np.bincount(cell, pos[:, 0], n_cells)[occupied] / weight,
                np.bincount(cell, pos[:, 1], n_cells)[occupied] / weight,
            ],
            axis=1,
        )
        slot = np.full(n_cells, -1, dtype=np.int64)
        slot[occupied] = np.arange(len(occupied))
        # far field: every node against the other cells' centres of mass
        # (sum_j f_ij (p_i - c_j) = p_i * sum_j f_ij - f @ c: no n x cells x 2 arrays)
        for i0 in range(0, n_nodes, block):
            p = pos[i0 : i0 + block]
            dx = p[:, 0:1] - centre[None, :, 0]
            dy = p[:, 1:2] - centre[None, :, 1]
            force = (k2 * weight)[None, :] / np.maximum(dx * dx + dy * dy, 1e-9)
            force[np.arange(len(p)), slot[cell[i0 : i0 + block]]] = 0.0
            disp[i0 : i0 + block] += p * force.sum(axis=1)[:, None] - force @ centre
        # near field: exact repulsion inside each cell
        order = np.argsort(cell, kind="stable")
        for group in np.split(order, np.flatnonzero(np.diff(cell[order])) + 1):
            if len(group) < 2:
                continue
            p = pos[group]
            dx = p[:, 0:1] - p[None, :, 0]
            dy = p[:, 1:2] - p[None, :, 1]
            force = k2 / np.maximum(dx * dx + dy * dy, 1e-9)
            np.fill_diagonal(force, 0.0)
            disp[group] += p * force.sum(axis=1)[:, None] - force @ p
        # attraction along edges
        if len(pairs):
            dv = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            pull = dv * np.sqrt((dv * dv).sum(axis=1))[:, None] / k
            np.subtract.at(disp, pairs[:, 0], pull)
            np.add.at(disp, pairs[:, 1], pull)
        # gravity towards the middle keeps loose nodes and small components near the rest
        # (repulsion on a disc of radius R is ~1/R, so R settles near 1/sqrt(gravity))
        disp -= gravity * (pos - pos.mean(axis=0))
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), 1e-12)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    extent = float(np.abs(pos).max()) or 1.0
    pos *= (scale / 2) / extent
    return [(round(float(x), 1), round(float(y), 1)) for x, y in pos]
