"""The engine JVM behind the Python API: finding Java and the jars, starting the gateway process,
and the line-delimited JSON protocol spoken with it (see README.md, "The gateway protocol")."""
