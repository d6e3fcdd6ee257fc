"""The exceptions borderscope raises: every one is a ``BorderscopeError``."""


class BorderscopeError(Exception):
    """Anything borderscope refuses."""


class InputError(BorderscopeError):
    """A file or table borderscope cannot read.

    ``file``, ``place`` (``line 3``, ``feature 2 (id KGZ4)``, ``record 7``), ``field`` (the
    column or property) and ``problem`` say where and why, as the command line's message does.
    """

    file = None
    place = None
    field = None
    problem = None


class ArgumentError(BorderscopeError, ValueError):
    """An argument that is not allowed: a date that is no date, a negative distance."""
