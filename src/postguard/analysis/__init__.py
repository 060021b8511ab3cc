"""Analysis: everything expensive about a draft, computed once and read by every rule.

Knows nothing of rules or policy: the pipeline, the classifiers and the conduct model are
handed in by the screening layer.
"""
