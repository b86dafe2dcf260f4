"""Analyses over classified threads: depth, drift, topic and tone statistics, comparisons."""
