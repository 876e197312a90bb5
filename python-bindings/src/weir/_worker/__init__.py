"""The Python worker process of the engine and its columnar batch encoding."""
