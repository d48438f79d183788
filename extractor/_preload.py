"""Imported by :mod:`extractor.pipeline` before the package's other modules: puts the cached
compiled regular expressions in ``re``'s cache (:mod:`extractor.recache`), so that the modules'
``re.compile`` calls at import find them."""

from extractor.recache import preload

preload()
