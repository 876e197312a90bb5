"""Generated typed bindings: the catalog they come from, the generator, and the option checks the
generated builders run before anything reaches the engine."""
