"""Defaults the command line shows in its help: here, apart from the modules that use them, so
that ``extractor --version`` and ``--help`` import nothing heavy (pydantic, the options)."""

# Address space a worker may reserve unless told otherwise (RLIMIT_AS, in MiB). A worker that
# has OCR'd a page has ~1.3 GB of address space on a 2-core machine (onnxruntime reserves
# per-thread arenas; ~0.6 GB of it resident); 4 GiB leaves it room on many-core machines and
# stops a document long before it takes the machine's memory (a 1 GB flate bomb reached
# 3.2 GB resident before max_stream_bytes). None or 0: no cap.
DEFAULT_MEMORY_MB = 4096
