"""The conduct model's categories, as data (training/taxonomy.yaml explains each one).

Rules name a category; the shipped model lists the same ones in its JSON (a test keeps the
three in step).
"""
CATEGORIES = ("insult", "sarcasm", "accusatory_you", "named_attack", "insensitive_humour",
              "partisan", "intimidation", "derision", "opinion", "argument")
