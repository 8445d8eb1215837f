"""The `accord` command: parse, call the library, render."""
