"""Labels as data: what classifier rules may name, without importing the models that score them.

TOXICITY_LABELS: the labels toxicity classifiers score (a backend scores the subset it knows).
CATEGORIES: the conduct model's categories (training/taxonomy.yaml explains each one; the
shipped model lists the same ones in its JSON, and a test keeps the three in step).
"""
TOXICITY_LABELS = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack", "sexual_explicit")
CATEGORIES = ("insult", "sarcasm", "accusatory_you", "named_attack", "insensitive_humour",
              "partisan", "intimidation", "derision", "opinion", "argument")
