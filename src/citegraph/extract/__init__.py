"""Extraction: spaCy components, pipeline assembly, canonical entities."""

from citegraph.extract.canonical import EntityResolver, Resolution
from citegraph.extract.pipeline import build_pipeline, extract, pipeline_version

__all__ = ["EntityResolver", "Resolution", "build_pipeline", "extract", "pipeline_version"]
