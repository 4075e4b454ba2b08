"""Forces numpy's argsort *stable* inside NegMAS's presorting inverter, shared by the scripts here
that re-run NegMAS with detente's tie-breaking (see negmas_stable_sao.py for why)."""
import numpy as np
import negmas.preferences.inv_ufun.presorting as presorting

_argsort = np.argsort


class _StableNumpy:
    """numpy, except that argsort is always stable."""

    def __getattr__(self, name):
        if name == "argsort":
            return lambda a, *args, **kwargs: _argsort(a, kind="stable")
        return getattr(np, name)


def use_stable_argsort():
    """From now on, NegMAS's presorting inverter breaks utility ties by outcome order."""
    presorting.np = _StableNumpy()
