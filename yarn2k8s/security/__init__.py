"""Primitives every reader and writer uses: redaction, input limits, safe XML."""
