"""Models: the toxicity classifiers, the model store that installs them, and the conduct model."""
