"""Live sources: the Spark History Server, the YARN ResourceManager and WebHDFS.

Read-only HTTP clients with timeouts and size limits. They return plain dataclasses; the
enrichers (right-sizing, inventory) decide what the data means. Errors are SourceError.
"""
