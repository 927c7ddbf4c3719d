"""The platform context's published language: runtime configuration keys, the reader, its events."""
