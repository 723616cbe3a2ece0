"""The ground floor: plumbing every app shares. It imports no app of the project."""

__version__ = "0.1.0"
