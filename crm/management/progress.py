"""A tqdm bar per stage for the progress callbacks of long commands (quiet at -v 0)."""

from tqdm import tqdm


class ProgressBars:
    """`progress(stage, done, total)` drawn as one bar per stage on the command's stderr."""

    def __init__(self, command, verbosity: int):
        self.file = command.stderr._out
        self.quiet = verbosity == 0
        self.bar: tqdm | None = None
        self.stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet:
            return
        if self.bar is None or stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(total=total, desc=stage, file=self.file, leave=True)
        self.bar.total = total
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
