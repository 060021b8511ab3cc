"""The conduct model: a small linear model trained on the team's own contrastive drafts.

It scores every sentence and the whole post with the probability that it breaks the conduct
rules, and which of the taxonomy's categories it looks like (training/taxonomy.yaml). It runs
on numpy alone; training (postguard.training) is the only place scikit-learn is used.
"""
