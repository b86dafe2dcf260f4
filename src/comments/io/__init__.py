"""Input and output: sources, streams, readers, repair into threads, writers, atomic outputs."""
